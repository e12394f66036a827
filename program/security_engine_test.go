package program

import (
	"slices"
	"testing"
)

// TestSecurityTogglesThroughTheEngine turns each key of the security
// baseline on and off through the real Pulumi CLI and engine, with a
// stand-in AWS provider (offlineEngine: set PULUMI_OFFLINE; a few minutes), for both stacks:
// each preview may only create or delete the feature's own resources and
// make the in-place updates it names (a container change registers a new
// task definition revision, which the service leaves to the next release);
// nothing else is touched, nothing replaced. At the end, with every key
// back, a preview proposes nothing.
func TestSecurityTogglesThroughTheEngine(t *testing.T) {
	e := newOfflineEngine(t)
	// A change the feature may make: op on a type, with the named
	// inputs (any, when nil).
	type allowed struct {
		op, typ string
		inputs  []string
	}
	wafTypes := []string{"ecs-bluegreen:waf:WebACL", "aws:wafv2/webAcl:WebAcl", "aws:wafv2/webAclAssociation:WebAclAssociation",
		"aws:cloudwatch/logGroup:LogGroup", "aws:cloudwatch/logResourcePolicy:LogResourcePolicy",
		"aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration"}
	addOrRemove := func(types ...string) []allowed {
		var out []allowed
		for _, typ := range types {
			out = append(out, allowed{"create", typ, nil}, allowed{"delete", typ, nil})
		}
		return out
	}
	toggles := []struct {
		key, on string
		changes []allowed
	}{
		{"waf", "true", addOrRemove(wafTypes...)},
		{"wafLogs", "true", addOrRemove(wafTypes[3:]...)},
		{"wafCountOnly", "true", []allowed{{"update", "aws:wafv2/webAcl:WebAcl", []string{"description", "rules"}}}},
		{"wafRateLimit", "500", []allowed{{"update", "aws:wafv2/webAcl:WebAcl", []string{"description", "rules"}}}},
		{"notifyEmail", "ops@example.com", addOrRemove("aws:sns/topicSubscription:TopicSubscription")},
		{"encryptLogs", "true", append(addOrRemove("ecs-bluegreen:kms:LogKey", "aws:kms/key:Key", "aws:kms/alias:Alias"),
			allowed{"update", "aws:cloudwatch/logGroup:LogGroup", []string{"kmsKeyId"}})},
		{"readonlyRootFilesystem", "false", []allowed{{"replace", "aws:ecs/taskDefinition:TaskDefinition", []string{"containerDefinitions"}}}},
		{"containerUser", "101", []allowed{{"replace", "aws:ecs/taskDefinition:TaskDefinition", []string{"containerDefinitions"}}}},
		{"permissionsBoundaryArn", "arn:aws:iam::123456789012:policy/Boundary", []allowed{{"update", "aws:iam/role:Role", []string{"permissionsBoundary"}}}},
		{"validation", "true", addOrRemove("ecs-bluegreen:validation:Hook", "aws:lambda/function:Function", "aws:iam/role:Role",
			"aws:iam/rolePolicy:RolePolicy", "aws:ec2/securityGroup:SecurityGroup", "aws:cloudwatch/logGroup:LogGroup")},
	}
	for _, stack := range []string{"dev", "prod"} {
		e.initStack(stack)
		// Every key on at once, so that each is also turned off from a
		// stack with all the others on.
		base := map[string]string{"waf": "true", "wafLogs": "true", "notifyEmail": "ops@example.com", "encryptLogs": "true", "validation": "true"}
		set := func(key, value string) { e.set(stack, key, value) }
		preview := func(what string, changes []allowed) {
			steps := e.preview(stack)
			for _, s := range steps {
				typ, name := s.typeAndName()
				if !slices.ContainsFunc(changes, func(a allowed) bool {
					return a.op == s.Op && a.typ == typ && (a.inputs == nil || slices.Equal(a.inputs, s.DiffReasons))
				}) {
					t.Errorf("%s: %s: %s %s %s %v, which is not the feature's", stack, what, s.Op, typ, name, s.DiffReasons)
				}
			}
			if len(steps) == 0 {
				t.Errorf("%s: %s changes nothing", stack, what)
			}
			t.Logf("%s: %s: %d changes, all the feature's own", stack, what, len(steps))
		}
		// On, from the stack as committed.
		e.up(stack)
		for _, tg := range toggles {
			if stack == "prod" && (tg.key == "waf" || tg.key == "encryptLogs" || tg.key == "validation") {
				continue // on in prod already: turned off below
			}
			if tg.key == "wafLogs" || tg.key == "wafCountOnly" || tg.key == "wafRateLimit" {
				set("waf", "true")
				if stack == "dev" {
					e.up(stack)
				}
			}
			set(tg.key, tg.on)
			preview(tg.key+" on", tg.changes)
			set(tg.key, "")
			if stack == "dev" && tg.key != "waf" {
				set("waf", "")
				e.up(stack)
			}
		}
		// Off, from every key on.
		for k, v := range base {
			set(k, v)
		}
		e.up(stack)
		for _, tg := range toggles {
			if _, ok := base[tg.key]; !ok {
				continue
			}
			set(tg.key, "false")
			if tg.key == "notifyEmail" {
				set(tg.key, "")
			}
			preview(tg.key+" off", tg.changes)
			set(tg.key, base[tg.key])
		}
		for k := range base {
			set(k, "")
		}
		e.up(stack)
		e.expectNoChanges(stack)
	}
}
