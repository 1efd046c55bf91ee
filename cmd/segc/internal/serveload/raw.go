package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"time"
)

// rawConn is a minimal HTTP/1.1 keep-alive client on one connection. It
// costs a fraction of net/http's client CPU, so on a small machine the
// load tool leaves more of it to the server it measures.
type rawConn struct {
	addr string
	c    net.Conn
	r    *bufio.Reader
	w    *bufio.Writer
}

func newRawConn(addr string) *rawConn { return &rawConn{addr: addr} }

func (rc *rawConn) dial() error {
	c, err := net.DialTimeout("tcp", rc.addr, 5*time.Second)
	if err != nil {
		return err
	}
	rc.c, rc.r, rc.w = c, bufio.NewReaderSize(c, 64<<10), bufio.NewWriterSize(c, 64<<10)
	return nil
}

func (rc *rawConn) close() {
	if rc.c != nil {
		rc.c.Close()
		rc.c = nil
	}
}

// do sends one request and returns the status and body; on any error the
// connection is dropped and redialled next time.
func (rc *rawConn) do(ctx context.Context, method, path, token string, body []byte) (int, []byte, error) {
	if rc.c == nil {
		if err := rc.dial(); err != nil {
			return 0, nil, err
		}
	}
	if dl, ok := ctx.Deadline(); ok {
		rc.c.SetDeadline(dl.Add(2 * time.Second)) // the context ends first: requests cut off by it are not errors
	}
	status, resp, err := rc.roundTrip(method, path, token, body)
	if err != nil {
		rc.close()
	}
	return status, resp, err
}

func (rc *rawConn) roundTrip(method, path, token string, body []byte) (int, []byte, error) {
	fmt.Fprintf(rc.w, "%s %s HTTP/1.1\r\nHost: %s\r\n", method, path, rc.addr)
	if token != "" {
		fmt.Fprintf(rc.w, "Authorization: Bearer %s\r\n", token)
	}
	if body != nil {
		fmt.Fprintf(rc.w, "Content-Type: application/json\r\nContent-Length: %d\r\n", len(body))
	}
	rc.w.WriteString("\r\n")
	rc.w.Write(body)
	if err := rc.w.Flush(); err != nil {
		return 0, nil, err
	}
	return rc.readResponse()
}

// readResponse reads a status line, headers and a Content-Length or
// chunked body.
func (rc *rawConn) readResponse() (int, []byte, error) {
	line, err := rc.r.ReadString('\n')
	if err != nil {
		return 0, nil, err
	}
	fields := strings.Fields(line)
	if len(fields) < 2 {
		return 0, nil, fmt.Errorf("bad status line %q", line)
	}
	status, err := strconv.Atoi(fields[1])
	if err != nil {
		return 0, nil, fmt.Errorf("bad status line %q", line)
	}
	length, chunked := -1, false
	for {
		h, err := rc.r.ReadString('\n')
		if err != nil {
			return 0, nil, err
		}
		h = strings.TrimRight(h, "\r\n")
		if h == "" {
			break
		}
		name, value, _ := strings.Cut(h, ":")
		switch strings.ToLower(name) {
		case "content-length":
			length, _ = strconv.Atoi(strings.TrimSpace(value))
		case "transfer-encoding":
			chunked = strings.Contains(strings.ToLower(value), "chunked")
		}
	}
	body, err := rc.readBody(length, chunked)
	return status, body, err
}

func (rc *rawConn) readBody(length int, chunked bool) ([]byte, error) {
	if !chunked {
		if length < 0 {
			return nil, fmt.Errorf("response without Content-Length")
		}
		b := make([]byte, length)
		_, err := io.ReadFull(rc.r, b)
		return b, err
	}
	var out bytes.Buffer
	for {
		line, err := rc.r.ReadString('\n')
		if err != nil {
			return nil, err
		}
		size, err := strconv.ParseInt(strings.TrimSpace(strings.SplitN(line, ";", 2)[0]), 16, 64)
		if err != nil {
			return nil, fmt.Errorf("bad chunk size %q", line)
		}
		if size == 0 {
			_, err := rc.r.ReadString('\n')
			return out.Bytes(), err
		}
		if _, err := io.CopyN(&out, rc.r, size+2); err != nil {
			return nil, err
		}
		out.Truncate(out.Len() - 2)
	}
}
