// Package iampolicy writes IAM policy documents as JSON. It is pure: the
// components build their trust and permission policies with it, and tests
// parse them back.
package iampolicy

import "encoding/json"

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
	Action    []string   `json:"Action"`
	Resource  []string   `json:"Resource,omitempty"`
	// Condition maps an operator (StringEquals, ArnLike, ...) to keys and
	// their values.
	Condition map[string]map[string][]string `json:"Condition,omitempty"`
}

// Principal names who a trust policy's statement applies to.
type Principal struct {
	Service []string `json:"Service,omitempty"`
	AWS     []string `json:"AWS,omitempty"`
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
