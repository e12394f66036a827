package pipelineroles

import (
	"fmt"
	"strings"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/iampolicy"
)

// scope is what the roles' policies are scoped by: plain values, so the
// documents are pure functions of it.
type scope struct {
	Partition, Account string
	// Project is the Pulumi project: the stacks tag every resource
	// Project=<Project>, and its state lives under .pulumi/*/<Project>.
	Project string
	// Regions are the stacks' regions.
	Regions []string
	// StateBucket, StatePrefix and StateKMSKeyARN locate the state backend.
	StateBucket, StatePrefix, StateKMSKeyARN string
	// StateLocking lets the preview role write and remove its locks.
	StateLocking bool
	// BoundaryARN is the permissions boundary every role the deploy role
	// creates must carry.
	BoundaryARN string
	// Path is the IAM path of the CI roles and the boundary they create.
	Path string
	// Application is what the application's task role may do beyond what
	// the stacks' own roles do: the boundary allows it.
	Application []Permission
	// HostedZoneIDs are the zones whose records the deploy role changes.
	HostedZoneIDs []string
}

// conditions of a statement.
type conditions = map[string]map[string][]string

// tagKey is the tag the stacks put on every resource (program.Run) and the
// roles' scoping key.
const tagKey = "Project"

// arn is an ARN of the account in a region ("*" for any).
func (s scope) arn(service, region, resource string) string {
	return fmt.Sprintf("arn:%s:%s:%s:%s:%s", s.Partition, service, region, s.Account, resource)
}

// iamARN is an IAM ARN of the account (roles, policies, profiles).
func (s scope) iamARN(resource string) string {
	return fmt.Sprintf("arn:%s:iam::%s:%s", s.Partition, s.Account, resource)
}

func (s scope) inRegions() conditions {
	return conditions{"StringEquals": {"aws:RequestedRegion": s.Regions}}
}

// requestTagged scopes a create to what sends the project's tag.
func (s scope) requestTagged() conditions {
	return conditions{"StringEquals": {"aws:RequestedRegion": s.Regions, "aws:RequestTag/" + tagKey: {s.Project}}}
}

// resourceTagged scopes a change to what carries the project's tag.
func (s scope) resourceTagged() conditions {
	return conditions{"StringEquals": {"aws:RequestedRegion": s.Regions, "aws:ResourceTag/" + tagKey: {s.Project}}}
}

// taggedOnCreate scopes a tag action to the creation of a resource by
// action of service, which the service names in <service>:CreateAction
// (EC2, load balancing and ECS tell a tag on create from a tag on an
// existing resource).
func (s scope) taggedOnCreate(service string, actions []string) conditions {
	var names []string
	for _, a := range actions {
		names = append(names, strings.TrimPrefix(a, service+":"))
	}
	return conditions{"StringEquals": {
		"aws:RequestedRegion": s.Regions, "aws:RequestTag/" + tagKey: {s.Project}, service + ":CreateAction": names,
	}}
}

// retagged scopes a tag action to what carries the project's tag already,
// sending the same value: re-tagging never moves a resource into or out
// of the project.
func (s scope) retagged() conditions {
	return conditions{
		"StringEquals":         {"aws:RequestedRegion": s.Regions, "aws:ResourceTag/" + tagKey: {s.Project}},
		"StringEqualsIfExists": {"aws:RequestTag/" + tagKey: {s.Project}},
	}
}

// bucketPrefix is how the access-log bucket of every stack of the project
// starts: the project's name in lowercase, each run of characters other
// than letters and digits as one '-', then '-'. The alb component names
// its bucket <project>-<name>-alb-logs-... so, and the deploy role manages
// only buckets named so.
func (s scope) bucketPrefix() string {
	var b strings.Builder
	for _, r := range strings.ToLower(s.Project) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
	}
	return strings.TrimRight(b.String(), "-") + "-"
}

// accessLogBuckets matches the stacks' access-log buckets
// (<project>-<name>-alb-logs-...), and no other team's.
func (s scope) accessLogBuckets() string {
	return fmt.Sprintf("arn:%s:s3:::%s*alb-logs-*", s.Partition, s.bucketPrefix())
}

// stateKey is an object key (pattern) in the state bucket, under the
// prefix.
func (s scope) stateKey(key string) string {
	p := strings.Trim(s.StatePrefix, "/")
	if p != "" {
		p += "/"
	}
	return p + key
}

func (s scope) stateObject(key string) string {
	return fmt.Sprintf("arn:%s:s3:::%s/%s", s.Partition, s.StateBucket, s.stateKey(key))
}

// The diy backend's layout for a project (pulumi/pkg backend/diy):
// .pulumi/meta.yaml, then stacks/, history/, backups/ and
// locks/organization/ per project.
func (s scope) stateKeys(kinds ...string) []string {
	var out []string
	for _, k := range kinds {
		if k == "locks" {
			out = append(out, s.stateKey(".pulumi/locks/organization/"+s.Project+"/*"))
			continue
		}
		out = append(out, s.stateKey(".pulumi/"+k+"/"+s.Project+"/*"))
	}
	return out
}

// stmt is a statement that allows actions on resources under cond.
func stmt(sid string, actions, resources []string, cond conditions) iampolicy.Statement {
	return iampolicy.Statement{Sid: sid, Effect: "Allow", Action: actions, Resource: resources, Condition: cond}
}

// deny is a statement that denies actions on resources under cond.
func deny(sid string, actions, resources []string, cond conditions) iampolicy.Statement {
	return iampolicy.Statement{Sid: sid, Effect: "Deny", Action: actions, Resource: resources, Condition: cond}
}

var anything = []string{"*"}
