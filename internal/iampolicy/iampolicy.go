// Package iampolicy writes IAM policy documents as JSON. It is pure: the
// components build their trust, permission and resource policies with it,
// and tests parse them back.
package iampolicy

import (
	"encoding/json"
	"regexp"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/argcheck"
)

// Version is the current IAM policy language version.
const Version = "2012-10-17"

// Document is an IAM policy document.
type Document struct {
	Version   string      `json:"Version"`
	Statement []Statement `json:"Statement"`
}

// Statement is one statement of a Document. Empty fields are left out.
type Statement struct {
	Sid       string     `json:"Sid,omitempty"`
	Effect    string     `json:"Effect"`
	Principal *Principal `json:"Principal,omitempty"`
	Action    []string   `json:"Action,omitempty"`
	// NotAction allows (or denies) every action but these; a statement has
	// Action or NotAction.
	NotAction []string `json:"NotAction,omitempty"`
	Resource  []string `json:"Resource,omitempty"`
	// Condition maps an operator (StringEquals, ArnLike, ...) to keys and
	// their values.
	Condition map[string]map[string][]string `json:"Condition,omitempty"`
}

// Principal names who a trust policy's statement applies to.
type Principal struct {
	Service []string `json:"Service,omitempty"`
	AWS     []string `json:"AWS,omitempty"`
	// Federated names an identity provider, such as an OIDC provider's ARN.
	Federated []string `json:"Federated,omitempty"`
}

// New returns a document with the current version and the statements.
func New(statements ...Statement) Document {
	return Document{Version: Version, Statement: statements}
}

// JSON renders the document.
func (d Document) JSON() string {
	b, _ := json.Marshal(d) // cannot fail: the document holds only strings, slices and maps of them
	return string(b)
}

// Parse reads a document back, for tests and for callers that merge
// documents.
func Parse(s string) (Document, error) {
	var d Document
	err := json.Unmarshal([]byte(s), &d)
	return d, err
}

// managedPolicyARN matches the ARN of a managed policy: AWS managed (account
// "aws") or customer managed (a 12-digit account), with an optional path.
// Policy names are 1 to 128 of [A-Za-z0-9+=,.@_-]; path segments are
// printable ASCII but "/".
var managedPolicyARN = regexp.MustCompile(`^arn:aws(-[a-z]+)*:iam::(aws|[0-9]{12}):policy/([!-.0-~]+/)*([A-Za-z0-9+=,.@_-]{1,128})$`)

// ManagedPolicyARNShape describes the ARNs IsManagedPolicyARN accepts, for
// error messages.
const ManagedPolicyARNShape = "arn:<partition>:iam::aws:policy/<path/><name> or arn:<partition>:iam::<12-digit account>:policy/<path/><name>"

// IsManagedPolicyARN reports whether arn has the shape of a managed
// policy's ARN (ManagedPolicyARNShape): what a role's attachments and its
// permissions boundary take.
func IsManagedPolicyARN(arn string) bool { return managedPolicyARN.MatchString(arn) }

// CheckManagedPolicyIn records a problem with field when arn, a managed
// policy ARN, names a policy a role in partition and account cannot take:
// IAM attaches (and bounds a role with) only policies of the role's own
// partition, AWS's ("aws") or the role's account's.
func CheckManagedPolicyIn(errs *argcheck.List, field, arn, partition, account string) {
	errs.ARNIn(field, arn, argcheck.Place{Partition: partition, Accounts: []string{account, "aws"}},
		"a role takes managed policies of its own account or AWS's, in its partition")
}

// keyAdministerActions are what a key policy lets the account's IAM
// principals do with a customer managed key: manage it, never use it to
// encrypt or decrypt.
var keyAdministerActions = []string{
	"kms:CancelKeyDeletion", "kms:Create*", "kms:Delete*", "kms:Describe*", "kms:Disable*", "kms:Enable*",
	"kms:Get*", "kms:List*", "kms:Put*", "kms:Revoke*", "kms:RotateKeyOnDemand", "kms:ScheduleKeyDeletion",
	"kms:TagResource", "kms:UntagResource", "kms:Update*",
}

// KeyAdministration is the statement of a KMS key policy that lets the
// account administer the key through IAM (whoever IAM allows), never use
// it: without one, nobody could manage the key after it is created.
func KeyAdministration(partition, account string) Statement {
	return Statement{
		Sid:       "AdministerThroughIAM",
		Effect:    "Allow",
		Principal: &Principal{AWS: []string{AccountRoot(partition, account)}},
		Action:    keyAdministerActions,
		Resource:  []string{"*"},
	}
}

// AccountRoot is the ARN that names an account as a principal.
func AccountRoot(partition, account string) string {
	return "arn:" + partition + ":iam::" + account + ":root"
}

// SessionManagerActions are what the SSM agent on an instance needs to
// serve Session Manager, and nothing more (Systems Manager user guide,
// "Create a custom IAM role for Session Manager"): register the instance
// and open the session channels. They take no resource ARN. Left out on
// purpose: ssm:GetParameter(s) and the rest of
// AmazonSSMManagedInstanceCore (which grants them on every parameter of
// the account), ec2messages:* (Run Command), and the s3 and kms actions
// that only session logging to S3 or session encryption with a KMS key,
// set in the account's Session Manager preferences, need.
var SessionManagerActions = []string{
	"ssm:UpdateInstanceInformation",
	"ssmmessages:CreateControlChannel",
	"ssmmessages:CreateDataChannel",
	"ssmmessages:OpenControlChannel",
	"ssmmessages:OpenDataChannel",
}

// SessionManagerInstance is the role policy of an instance that serves
// Session Manager: SessionManagerActions on "*", the only resource they
// take.
func SessionManagerInstance() Document {
	return New(Statement{
		Sid:      "SessionManagerOnly",
		Effect:   "Allow",
		Action:   SessionManagerActions,
		Resource: []string{"*"},
	})
}
