package plan

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func contains(s, sub string) bool { return strings.Contains(s, sub) }

func TestBuildTree(t *testing.T) {
	t.Parallel()
	tree, err := BuildTree("proj-test", archStack())
	if err != nil {
		t.Fatal(err)
	}
	want := `proj-test: 23 resources in 4 components
├─ app (ecs:Service): 2 resources
│  ├─ codedeploy:DeploymentGroup ×1: app
│  └─ ecs:Service ×1: app
├─ cluster (ecs:Cluster): 3 resources
│  ├─ autoscaling:Group ×1: cluster
│  ├─ ec2:LaunchTemplate ×1: cluster
│  └─ ecs:CapacityProvider ×1: cluster-cp
├─ vpc (network:VPC): 13 resources
│  ├─ ec2:Eip ×1: vpc-nat-0
│  ├─ ec2:InternetGateway ×1: vpc-igw
│  ├─ ec2:NatGateway ×1: vpc-nat-0
│  ├─ ec2:Route ×2: vpc-private-0-nat, vpc-public-internet
│  ├─ ec2:RouteTable ×2: vpc-private-0, vpc-public
│  ├─ ec2:RouteTableAssociation ×2: vpc-private-0, vpc-public-0
│  ├─ ec2:Subnet ×2: vpc-private-0, vpc-public-0
│  ├─ ec2:Vpc ×1: vpc
│  └─ ec2:VpcEndpoint ×1: vpc-s3
└─ web (alb:LoadBalancer): 5 resources
   ├─ lb:Listener ×2: web-prod, web-test
   ├─ lb:LoadBalancer ×1: web
   └─ lb:TargetGroup ×2: web-blue, web-green
`
	if diff := cmp.Diff(want, tree.Text()); diff != "" {
		t.Errorf("tree (-want +got):\n%s", diff)
	}
	rs := archStack()
	slices.Reverse(rs)
	again, err := BuildTree("proj-test", rs)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(tree, again); diff != "" {
		t.Errorf("the tree depends on registration order (-first +reversed):\n%s", diff)
	}
}

func TestBuildTreeNesting(t *testing.T) {
	t.Parallel()
	// A component inside a component, a cloud resource beside it, and a
	// top-level cloud resource: counts add up the subtree.
	s := &stack{}
	outer := s.component("p:m:Outer", "outer")
	inner := s.component("p:m:Inner", "inner", parent(outer))
	s.add("aws:ec2/subnet:Subnet", "b", parent(inner))
	s.add("aws:ec2/subnet:Subnet", "a", parent(inner))
	s.add("aws:ec2/vpc:Vpc", "v", parent(outer))
	s.add("aws:s3/bucketV2:BucketV2", "top")
	tree, err := BuildTree("root", s.rs)
	if err != nil {
		t.Fatal(err)
	}
	want := `root: 4 resources in 2 components
├─ s3:BucketV2 ×1: top
└─ outer (m:Outer): 3 resources
   ├─ ec2:Vpc ×1: v
   └─ inner (m:Inner): 2 resources
      └─ ec2:Subnet ×2: a, b
`
	if diff := cmp.Diff(want, tree.Text()); diff != "" {
		t.Errorf("tree (-want +got):\n%s", diff)
	}
}

func TestShortType(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"aws:ec2/subnet:Subnet":     "ec2:Subnet",
		"ecs-bluegreen:network:VPC": "network:VPC",
		"pulumi:providers:aws":      "providers:aws",
		"odd":                       "odd",
	} {
		if got := ShortType(in); got != want {
			t.Errorf("ShortType(%q) = %q, want %q", in, got, want)
		}
	}
}
