// Package outputs names the stack outputs the program exports: the one
// declaration that the program (package program), the release command
// (internal/release, which reads them back from `pulumi stack output
// --json`) and the tests share, so renaming an output changes every side
// or fails to build.
//
// Pure: no imports, so the release command links none of the program.
package outputs

// The network.
const (
	// VPCID is the VPC's id.
	VPCID = "vpcId"
	// VPCCIDR is the VPC's IPv4 block.
	VPCCIDR = "vpcCidr"
	// AvailabilityZones are the zones the stack spans, in order.
	AvailabilityZones = "availabilityZones"
	// PublicSubnetIDs are the public subnets, one a zone.
	PublicSubnetIDs = "publicSubnetIds"
	// PrivateSubnetIDs are the private subnets, one a zone.
	PrivateSubnetIDs = "privateSubnetIds"
	// NATPublicIPs are the NAT addresses, where clients in the VPC reach the internet from.
	NATPublicIPs = "natPublicIps"
)

// What a user opens and a release pipeline needs.
const (
	// URL is the production address: https://<domainName> with a domain, else the load balancer's.
	URL = "url"
	// TestURL is the test listener's address, where a release shows the new version first.
	TestURL = "testUrl"
	// LoadBalancerDNSName is the load balancer's DNS name, for a CNAME or alias record.
	LoadBalancerDNSName = "loadBalancerDnsName"
	// ClusterName is the ECS cluster.
	ClusterName = "clusterName"
	// ServiceName is the ECS service.
	ServiceName = "serviceName"
	// TaskDefinitionFamily is the task definition's family.
	TaskDefinitionFamily = "taskDefinitionFamily"
	// TaskDefinitionARN is the task definition's ARN with its revision: what a release deploys.
	TaskDefinitionARN = "taskDefinitionArn"
	// ContainerName is the container the load balancer sends to (the AppSpec names it).
	ContainerName = "containerName"
	// ContainerPort is that container's port (the AppSpec names it).
	ContainerPort = "containerPort"
	// CapacityProviderName is where the service's tasks run (the AppSpec repeats it).
	CapacityProviderName = "capacityProviderName"
	// LogGroupName is the container's log group.
	LogGroupName = "logGroupName"
	// CodeDeployApplicationName is the CodeDeploy application releases are created in.
	CodeDeployApplicationName = "codeDeployApplicationName"
	// DeploymentGroupName is the CodeDeploy deployment group releases are created in.
	DeploymentGroupName = "deploymentGroupName"
	// ProductionListenerARN is the listener the deployment group shifts.
	ProductionListenerARN = "productionListenerArn"
	// TestListenerARN is the listener that serves the new tasks before the shift.
	TestListenerARN = "testListenerArn"
	// BlueTargetGroupName is the target group the service starts on.
	BlueTargetGroupName = "blueTargetGroupName"
	// GreenTargetGroupName is the other target group of the pair.
	GreenTargetGroupName = "greenTargetGroupName"
	// AlarmNames are the alarms that roll a release back.
	AlarmNames = "alarmNames"
	// RepositoryURL is the stack's ECR repository, where releases push their images.
	RepositoryURL = "repositoryUrl"
	// RepositoryName is that repository's name.
	RepositoryName = "repositoryName"
)

// A service at its own name: "" without domainName (certificateArn is
// then the certificateArn key's, or "").
const (
	// DomainName is the service's name with domainName; "" without.
	DomainName = "domainName"
	// HostedZoneID is the name's Route 53 zone; "" without a domain.
	HostedZoneID = "hostedZoneId"
	// CertificateARN is the name's ACM certificate, which release verify checks; "" without a domain.
	CertificateARN = "certificateArn"
)

// The security baseline: "" for what the stack leaves off.
const (
	// NotificationTopicARN is the topic the alarms and every release's end publish to.
	NotificationTopicARN = "notificationTopicArn"
	// NotificationTopicName is that topic's name.
	NotificationTopicName = "notificationTopicName"
	// WebACLARN is the load balancer's WAF web ACL; "" without waf.
	WebACLARN = "webAclArn"
	// LogKeyARN is the log groups' KMS key; "" without encryptLogs.
	LogKeyARN = "logKeyArn"
)

// The release's validation hook (validation key): "" when off.
const (
	// ValidationFunctionName is the release's validation hook function; "" without validation.
	ValidationFunctionName = "validationFunctionName"
	// ValidationFunctionARN is that function's ARN; "" without validation.
	ValidationFunctionARN = "validationFunctionArn"
)

// All lists every output the program exports, in the order above.
var All = []string{
	VPCID, VPCCIDR, AvailabilityZones, PublicSubnetIDs, PrivateSubnetIDs, NATPublicIPs,
	URL, TestURL, LoadBalancerDNSName, ClusterName, ServiceName, TaskDefinitionFamily, TaskDefinitionARN,
	ContainerName, ContainerPort, CapacityProviderName, LogGroupName, CodeDeployApplicationName,
	DeploymentGroupName, ProductionListenerARN, TestListenerARN, BlueTargetGroupName, GreenTargetGroupName,
	AlarmNames, RepositoryURL, RepositoryName,
	DomainName, HostedZoneID, CertificateARN,
	NotificationTopicARN, NotificationTopicName, WebACLARN, LogKeyARN,
	ValidationFunctionName, ValidationFunctionARN,
}
