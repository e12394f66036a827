package fakeaws

import (
	"encoding/xml"
	"net/url"
	"strings"
)

// iamVersion is the query API version of IAM.
const iamVersion = "2010-05-08"

// Simulation is what IAM's policy simulator (SimulatePrincipalPolicy)
// answers for a role, whatever it is asked about.
type Simulation struct {
	// Decision is allowed, implicitDeny or explicitDeny.
	Decision string
	// Statements are the policies whose statements decided it.
	Statements []MatchedStatement
	// BoundaryDenies says the role's permissions boundary does not allow it.
	BoundaryDenies bool
}

// MatchedStatement is a policy statement the simulator names: its
// policy's id and type (aws-managed, role, user-managed, ...).
type MatchedStatement struct{ PolicyID, PolicyType string }

// SetSimulation makes the policy simulator answer sim for role (an ARN). A
// role without one holds AWSCodeDeployRoleForECS and nothing else:
// lambda:InvokeFunction is allowed on functions named CodeDeployHook_*,
// anything else is implicitly denied.
func (s *Server) SetSimulation(role string, sim Simulation) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.simulations == nil {
		s.simulations = map[string]Simulation{}
	}
	s.simulations[role] = sim
}

type xmlSimulation struct {
	XMLName     xml.Name              `xml:"SimulatePrincipalPolicyResponse"`
	Xmlns       string                `xml:"xmlns,attr"`
	Results     []xmlEvaluationResult `xml:"SimulatePrincipalPolicyResult>EvaluationResults>member"`
	IsTruncated bool                  `xml:"SimulatePrincipalPolicyResult>IsTruncated"`
	RequestID   string                `xml:"ResponseMetadata>RequestId"`
}

type xmlEvaluationResult struct {
	EvalActionName    string
	EvalResourceName  string
	EvalDecision      string
	MatchedStatements []xmlStatement `xml:"MatchedStatements>member"`
	Boundary          *xmlBoundary   `xml:"PermissionsBoundaryDecisionDetail,omitempty"`
}

type xmlStatement struct {
	SourcePolicyID   string `xml:"SourcePolicyId"`
	SourcePolicyType string
}

type xmlBoundary struct {
	AllowedByPermissionsBoundary bool
}

// iam answers IAM's SimulatePrincipalPolicy: one result per action and
// resource asked about, from the role's Simulation.
func (s *Server) iam(action string, form url.Values) (any, *apiError) {
	if action != "SimulatePrincipalPolicy" {
		return nil, errorf("InvalidAction", "fakeaws: IAM "+action+" is not faked")
	}
	role := form.Get("PolicySourceArn")
	out := xmlSimulation{Xmlns: "https://iam.amazonaws.com/doc/" + iamVersion + "/", RequestID: "fake"}
	for _, act := range members(form, "ActionNames.member") {
		for _, res := range members(form, "ResourceArns.member") {
			out.Results = append(out.Results, s.simulate(role, act, res))
		}
	}
	return out, nil
}

// simulate is the role's answer for action on resource.
func (s *Server) simulate(role, action, resource string) xmlEvaluationResult {
	sim, set := s.simulations[role]
	if !set {
		sim = Simulation{Decision: "implicitDeny"}
		if action == "lambda:InvokeFunction" && strings.Contains(resource, ":function:CodeDeployHook_") {
			sim = Simulation{Decision: "allowed", Statements: []MatchedStatement{{PolicyID: "AWSCodeDeployRoleForECS", PolicyType: "aws-managed"}}}
		}
	}
	r := xmlEvaluationResult{EvalActionName: action, EvalResourceName: resource, EvalDecision: sim.Decision}
	for _, st := range sim.Statements {
		r.MatchedStatements = append(r.MatchedStatements, xmlStatement{SourcePolicyID: st.PolicyID, SourcePolicyType: st.PolicyType})
	}
	if sim.BoundaryDenies {
		r.Boundary = &xmlBoundary{}
	}
	return r
}
