// Package pulumitest holds the test doubles shared by this module's tests: a
// recording implementation of Pulumi's mocks that answers like AWS does
// (ids, ARNs, data sources), a runner that executes a program under those
// mocks with stack configuration and an optional dry run, and helpers that
// read outputs and registered resources back.
//
// It is internal: importers of the components test their own stacks with
// pulumi.WithMocks directly.
package pulumitest
