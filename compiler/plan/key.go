package plan

// KeyColumn names the entity key column as users know it: the entities
// table's key, or, in a module without one, the first event log's key
// (every log's key holds the same entities). It is "key" for a plan with
// neither, which reads no entities at all.
func (p *Plan) KeyColumn() string {
	if p.Entities != nil {
		return p.Entities.Key
	}
	if len(p.Logs) > 0 {
		return p.Logs[0].Key
	}
	return "key"
}
