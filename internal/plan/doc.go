// Package plan holds the pure models of the offline plan (`go run ./cmd/plan`):
// the tree of what a stack creates, its architecture as a Mermaid flowchart,
// the modelled critical path of `pulumi up`, the modelled release times of a
// CodeDeploy blue/green release, the fixed monthly cost from a dated price
// table, and the difference between two plans.
//
// It knows nothing of Pulumi: the caller runs the program under mocks and
// hands over what was registered as Resource records (type, name, parent,
// dependencies, inputs, and the id and outputs the mocks answered). Every
// model reads only those records, so each is tested on small hand-made
// stacks with hand-computed figures.
package plan
