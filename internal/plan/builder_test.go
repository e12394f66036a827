package plan

// stack builds hand-made stacks for the tests: each resource is added with
// options and its URN returned, so that later resources can name it.
type stack struct{ rs []Resource }

type opt func(*Resource)

// add registers a cloud resource of type typ and returns its URN.
func (s *stack) add(typ, name string, opts ...opt) string {
	r := Resource{URN: "urn:pulumi:test::proj::" + typ + "::" + name, Type: typ, Name: name, Custom: true}
	for _, o := range opts {
		o(&r)
	}
	s.rs = append(s.rs, r)
	return r.URN
}

// component registers a component resource and returns its URN.
func (s *stack) component(typ, name string, opts ...opt) string {
	return s.add(typ, name, append(opts, func(r *Resource) { r.Custom = false })...)
}

func deps(urns ...string) opt {
	return func(r *Resource) { r.Dependencies = append(r.Dependencies, urns...) }
}
func parent(urn string) opt { return func(r *Resource) { r.Parent = urn } }
func inputs(m map[string]any) opt {
	return func(r *Resource) { r.Inputs = m }
}
func id(v string) opt { return func(r *Resource) { r.ID = v } }
func outputs(m map[string]any) opt {
	return func(r *Resource) { r.Outputs = m }
}
