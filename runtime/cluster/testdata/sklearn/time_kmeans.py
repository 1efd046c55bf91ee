"""Time scikit-learn on BenchmarkKMeansRFM's data, in the same session.

    go test ./runtime/cluster -run TestWriteRFMBenchData -rfm-bench-out=/tmp/rfm.f64
    /usr/bin/python3 time_kmeans.py /tmp/rfm.f64 [repeats]
    go test ./runtime/cluster -run '^$' -bench KMeansRFM -rfm-bench-data=/tmp/rfm.f64

Times log1p + StandardScaler + KMeans(k=4, n_init=4, random_state=42), the
W1 rfm segment, and prints the best wall and CPU (all threads) time, inertia and sorted sizes.
"""
import sys, time
import numpy as np
from sklearn.cluster import KMeans
from sklearn.preprocessing import StandardScaler

x = np.fromfile(sys.argv[1], dtype="<f8").reshape(-1, 3)
repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 5
best, best_cpu = None, None
for _ in range(repeats):
    t0, c0 = time.perf_counter(), time.process_time()
    z = StandardScaler().fit_transform(np.log1p(x))
    km = KMeans(n_clusters=4, n_init=4, random_state=42).fit(z)
    dt, dc = time.perf_counter() - t0, time.process_time() - c0
    best = dt if best is None else min(best, dt)
    best_cpu = dc if best_cpu is None else min(best_cpu, dc)
print(f"rows {len(x)} best {best:.4f}s cpu {best_cpu:.4f}s inertia {km.inertia_:.6f} sizes {sorted(np.bincount(km.labels_).tolist())} n_iter {km.n_iter_}")
