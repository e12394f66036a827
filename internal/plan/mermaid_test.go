package plan

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestMermaid(t *testing.T) {
	t.Parallel()
	got, err := Mermaid(archStack())
	if err != nil {
		t.Fatal(err)
	}
	// Checked with Mermaid 11's parser (mermaid.parse) when written.
	want := `flowchart TB
  internet(("Internet"))
  subgraph vpc_vpc["VPC vpc · 10.0.0.0/16"]
    igw_vpc_igw["internet gateway vpc-igw"]
    lb_web["Application Load Balancer web<br/>internet-facing · zz-1a"]
    tg_web_blue["target group web-blue<br/>HTTP :8080 · checked every 10 s"]
    tg_web_green["target group web-green<br/>HTTP :8080 · checked every 10 s"]
    l_web_prod["listener web-prod<br/>HTTP :80 · production"]
    l_web_test["listener web-test<br/>HTTP :8080 · test"]
    subgraph zone_zz_1a["zone zz-1a"]
      sn_vpc_public_0["public subnet vpc-public-0 · 10.0.128.0/20"]
      nat_vpc_nat_0(["NAT gateway vpc-nat-0<br/>in vpc-public-0"])
      sn_vpc_private_0["private subnet vpc-private-0 · 10.0.0.0/20<br/>EC2 t3.small of Auto Scaling group cluster"]
    end
    ep_vpc_s3["gateway endpoint vpc-s3<br/>to s3"]
  end
  svc_app["ECS service app<br/>1 task · deployments by CODE_DEPLOY"]
  dg_app["CodeDeploy deployment group app<br/>CodeDeployDefault.ECSAllAtOnce<br/>original tasks kept 5 min"]
  internet <--> igw_vpc_igw
  igw_vpc_igw --> lb_web
  lb_web -.- sn_vpc_public_0
  lb_web --> l_web_prod
  l_web_prod --> tg_web_blue
  lb_web --> l_web_test
  l_web_test --> tg_web_blue
  nat_vpc_nat_0 --> igw_vpc_igw
  sn_vpc_private_0 --> nat_vpc_nat_0
  sn_vpc_private_0 -.-> ep_vpc_s3
  svc_app -.- sn_vpc_private_0
  tg_web_blue --> sn_vpc_private_0
  tg_web_green --> sn_vpc_private_0
  dg_app -.-> l_web_prod
  l_web_prod -. release .-> tg_web_green
  dg_app -.-> l_web_test
  l_web_test -. release .-> tg_web_green
  dg_app -.-> tg_web_blue
  dg_app -.-> tg_web_green
  dg_app -.-> svc_app
`
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Mermaid (-want +got):\n%s", diff)
	}
	// The order resources were registered in does not matter.
	rs := archStack()
	slices.Reverse(rs)
	again, err := Mermaid(rs)
	if err != nil {
		t.Fatal(err)
	}
	if again != got {
		t.Errorf("Mermaid depends on registration order:\n%s", cmp.Diff(got, again))
	}
	if block := MermaidBlock("flowchart TB\n"); block != "```mermaid\nflowchart TB\n```\n" {
		t.Errorf("MermaidBlock = %q", block)
	}
}

func TestMermaidNodeIDs(t *testing.T) {
	t.Parallel()
	// Names that differ only in characters Mermaid ids cannot hold get
	// distinct ids; quotes in labels are escaped.
	s := &stack{}
	s.add(typeECSService, "a-b", inputs(map[string]any{"desiredCount": 2.0}))
	s.add(typeECSService, "a.b", inputs(map[string]any{"desiredCount": 1.0}))
	s.add(typeECSService, `q"x`)
	got, err := Mermaid(s.rs)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{`svc_a_b["ECS service a-b<br/>2 tasks"]`, `svc_a_b_2["ECS service a.b<br/>1 task"]`, `svc_q_x["ECS service q#quot;x<br/>0 tasks"]`} {
		if !contains(got, w) {
			t.Errorf("Mermaid lacks %s:\n%s", w, got)
		}
	}
}
