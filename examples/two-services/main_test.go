package main

import (
	"testing"

	"github.com/ecs-bluegreen/ecs-bluegreen/awsmock"
	"github.com/google/go-cmp/cmp"
)

const (
	typVPC      = "ecs-bluegreen:network:VPC"
	typRoles    = "ecs-bluegreen:iam:Roles"
	typLB       = "ecs-bluegreen:alb:LoadBalancer"
	typCluster  = "ecs-bluegreen:ecs:Cluster"
	typService  = "ecs-bluegreen:ecs:Service"
	typSG       = "aws:ec2/securityGroup:SecurityGroup"
	typIngress  = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
	typTG       = "aws:lb/targetGroup:TargetGroup"
	typListener = "aws:lb/listener:Listener"
	typECSSvc   = "aws:ecs/service:Service"
	typDG       = "aws:codedeploy/deploymentGroup:DeploymentGroup"
)

// run runs the program under the mocks, as `pulumi up` (or, with dryRun,
// `pulumi preview`) would.
func run(t *testing.T, dryRun bool) *awsmock.Mocks {
	t.Helper()
	m := &awsmock.Mocks{Project: "two-services", DryRun: dryRun}
	if err := awsmock.Run(m, nil, program); err != nil {
		t.Fatalf("program: %v", err)
	}
	return m
}

func TestComposition(t *testing.T) {
	t.Parallel()
	for name, dryRun := range map[string]bool{"up": false, "preview": true} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			m := run(t, dryRun)
			if dups := m.DuplicateURNs(); len(dups) > 0 {
				t.Errorf("duplicate URNs, which the engine refuses: %v", dups)
			}
			got := map[string][]string{}
			for _, typ := range []string{typVPC, typRoles, typLB, typCluster, typService} {
				for _, r := range m.OfType(typ) {
					got[typ] = append(got[typ], r.Name)
				}
			}
			want := map[string][]string{
				typVPC:     {"shared"},
				typRoles:   {"shared"},
				typLB:      {"api", "web"},
				typCluster: {"shared"},
				typService: {"api", "web"},
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("components (-want +got):\n%s", diff)
			}
		})
	}
}

// TestEachServiceHasItsOwnLoadBalancer checks the wiring that two services
// make easy to get wrong: each ECS service starts in its own load balancer's
// blue target group (after that load balancer's production listener), and
// each deployment group shifts traffic on its own listeners only.
func TestEachServiceHasItsOwnLoadBalancer(t *testing.T) {
	t.Parallel()
	m := run(t, false)
	for _, s := range []struct{ own, other string }{{"api", "web"}, {"web", "api"}} {
		svc, ok := m.Named(typECSSvc, s.own)
		if !ok {
			t.Fatalf("no ECS service %s", s.own)
		}
		for _, dep := range []struct{ typ, name string }{{typTG, s.own + "-blue"}, {typListener, s.own + "-prod"}} {
			if !m.DependsOnNamed(svc, dep.typ, dep.name) {
				t.Errorf("service %s does not depend on %s", s.own, dep.name)
			}
		}
		for _, other := range []string{s.other + "-blue", s.other + "-green"} {
			if m.DependsOnNamed(svc, typTG, other) {
				t.Errorf("service %s depends on the other service's target group %s", s.own, other)
			}
		}
		dg, ok := m.Named(typDG, s.own)
		if !ok {
			t.Fatalf("no deployment group %s", s.own)
		}
		for _, l := range []string{"-prod", "-test"} {
			if !m.DependsOnNamed(dg, typListener, s.own+l) {
				t.Errorf("deployment group %s does not use listener %s%s", s.own, s.own, l)
			}
			if m.DependsOnNamed(dg, typListener, s.other+l) {
				t.Errorf("deployment group %s uses the other service's listener %s%s", s.own, s.other, l)
			}
		}
	}
}

// TestInstancesAdmitBothLoadBalancers checks that the shared instances
// admit the dynamic host ports from each load balancer's security group,
// one cluster rule each.
func TestInstancesAdmitBothLoadBalancers(t *testing.T) {
	t.Parallel()
	m := run(t, false)
	from := map[string]string{} // load balancer security group -> rule admitting it
	for _, rule := range m.OfType(typIngress) {
		if !m.DependsOnNamed(rule, typSG, "shared-instances") {
			continue
		}
		if p := rule.Inputs["fromPort"]; !p.IsNumber() || p.NumberValue() != 32768 {
			t.Errorf("rule %s admits from port %v, want 32768", rule.Name, p)
		}
		for _, lb := range []string{"api-sg", "web-sg"} {
			if m.DependsOnNamed(rule, typSG, lb) {
				from[lb] = rule.Name
			}
		}
	}
	want := map[string]string{"api-sg": "shared-instances-from-lb", "web-sg": "shared-instances-from-lb-1"}
	if diff := cmp.Diff(want, from); diff != "" {
		t.Errorf("instance ingress from the load balancers (-want +got):\n%s", diff)
	}
}
