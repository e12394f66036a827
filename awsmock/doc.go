// Package awsmock is a stand-in for AWS under Pulumi's mocks
// (pulumi.WithMocks): a recording implementation of
// pulumi.MockResourceMonitor that answers as AWS would (ids, physical
// names, ARNs and the computed outputs the components read; the data
// sources they call: zones, region, partition, account, instance types),
// a runner that executes a program under it with stack configuration, as
// an update or as a preview (unknown outputs), and readers of what was
// registered (inputs, parents, dependencies, ignoreChanges) and of the
// program's outputs.
//
// It is the one test double of this module's Pulumi code: the components'
// and the program's tests, the examples' tests and the offline plan
// (cmd/plan) use it. An importer can test a stack composed of these
// components with it too:
//
//	m := &awsmock.Mocks{Project: "my-project"}
//	err := awsmock.Run(m, map[string]string{"my-project:key": "value"}, program)
//	lb, ok := m.Named("aws:lb/loadBalancer:LoadBalancer", "web")
//
// It answers only what this module's components ask; an unknown data
// source fails the run by name.
package awsmock
