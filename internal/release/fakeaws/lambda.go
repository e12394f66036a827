package fakeaws

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// lambdaFunctionsPath is where Lambda's REST API serves GetFunction:
// GET /2015-03-31/functions/{name}.
const lambdaFunctionsPath = "/2015-03-31/functions/"

// AddFunction registers a Lambda function (GetFunction answers it, Active).
func (s *Server) AddFunction(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.functions == nil {
		s.functions = map[string]bool{}
	}
	s.functions[name] = true
}

// serveLambda answers Lambda's REST JSON GetFunction.
func (s *Server) serveLambda(w http.ResponseWriter, r *http.Request, region string) {
	name, _ := url.PathUnescape(strings.Trim(strings.TrimPrefix(r.URL.Path, lambdaFunctionsPath), "/"))
	req := Request{Service: "lambda", Action: "GetFunction", Body: map[string]any{"FunctionName": name}, Region: region}
	out, aerr, reset := s.answer(req, func() (any, []func(), *apiError) {
		if !s.functions[name] {
			return nil, nil, &apiError{code: "ResourceNotFoundException", message: "Function not found: " + name, status: http.StatusNotFound}
		}
		arn := fmt.Sprintf("arn:aws:lambda:%s:123456789012:function:%s", orRegion(region), name)
		return map[string]any{"Configuration": map[string]any{"FunctionName": name, "FunctionArn": arn, "State": "Active"}}, nil, nil
	})
	switch {
	case reset:
		resetConnection(w)
	case aerr != nil:
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Amzn-Errortype", aerr.code)
		w.WriteHeader(status(*aerr))
		_ = json.NewEncoder(w).Encode(map[string]string{"Type": "User", "message": aerr.message})
	default:
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(out)
	}
}

func orRegion(r string) string {
	if r == "" {
		return "us-east-1"
	}
	return r
}
