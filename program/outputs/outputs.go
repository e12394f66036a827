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
	VPCID             = "vpcId"
	VPCCIDR           = "vpcCidr"
	AvailabilityZones = "availabilityZones"
	PublicSubnetIDs   = "publicSubnetIds"
	PrivateSubnetIDs  = "privateSubnetIds"
	NATPublicIPs      = "natPublicIps"
)

// What a user opens and a release pipeline needs.
const (
	URL                       = "url"
	TestURL                   = "testUrl"
	LoadBalancerDNSName       = "loadBalancerDnsName"
	ClusterName               = "clusterName"
	ServiceName               = "serviceName"
	TaskDefinitionFamily      = "taskDefinitionFamily"
	TaskDefinitionARN         = "taskDefinitionArn"
	ContainerName             = "containerName"
	ContainerPort             = "containerPort"
	CapacityProviderName      = "capacityProviderName"
	LogGroupName              = "logGroupName"
	CodeDeployApplicationName = "codeDeployApplicationName"
	DeploymentGroupName       = "deploymentGroupName"
	ProductionListenerARN     = "productionListenerArn"
	TestListenerARN           = "testListenerArn"
	BlueTargetGroupName       = "blueTargetGroupName"
	GreenTargetGroupName      = "greenTargetGroupName"
	AlarmNames                = "alarmNames"
	RepositoryURL             = "repositoryUrl"
	RepositoryName            = "repositoryName"
)

// A service at its own name: "" without domainName (certificateArn is
// then the certificateArn key's, or "").
const (
	DomainName     = "domainName"
	HostedZoneID   = "hostedZoneId"
	CertificateARN = "certificateArn"
)

// The security baseline: "" for what the stack leaves off.
const (
	NotificationTopicARN  = "notificationTopicArn"
	NotificationTopicName = "notificationTopicName"
	WebACLARN             = "webAclArn"
	LogKeyARN             = "logKeyArn"
)

// The release's validation hook (validation key): "" when off.
const (
	ValidationFunctionName = "validationFunctionName"
	ValidationFunctionARN  = "validationFunctionArn"
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
