// Package waf puts an AWS WAF (WAFv2) web ACL in front of an Application
// Load Balancer:
//
//	child (name)       what
//	name               the web ACL, scope REGIONAL, default action allow
//	name               its association with the load balancer
//	name-logs          with Logging: a CloudWatch Logs group aws-waf-logs-...
//	name-logs          with Logging: the log group's resource policy for WAF's delivery
//	name-logs          with Logging: the web ACL's logging configuration
//
// The rules, in the order WAF evaluates them (Rules):
//
//	0 ip-reputation    AWS managed AWSManagedRulesAmazonIpReputationList:
//	                   addresses Amazon threat intelligence knows for bots and attacks
//	1 rate-limit       a rate-based rule: more than RateLimit requests from one
//	                   client address in five minutes
//	2 common           AWS managed AWSManagedRulesCommonRuleSet (the OWASP Top 10
//	                   kind: XSS, LFI, RFI, oversized bodies and headers, ...)
//	3 known-bad-inputs AWS managed AWSManagedRulesKnownBadInputsRuleSet (Log4j,
//	                   Java deserialisation, Host header and path exploits)
//
// Every rule and the web ACL publish CloudWatch metrics and keep sampled
// requests. With CountOnly, matching requests are counted, not blocked: a
// team watches the metrics (or the logs) before it blocks.
//
// Price (AWS WAF pricing): $5 a month for the web ACL, $1 a month for each
// rule or rule group (four), $0.60 per million requests it inspects.
//
// The package does not import this module's other packages: it takes the
// load balancer's ARN.
package waf
