package plan

import (
	"fmt"
	"slices"
	"strings"
)

// CostLine is one resource's fixed monthly charge in one region.
type CostLine struct {
	// Item says what is charged, such as "NAT gateway" or "EC2 instances".
	Item string `json:"item"`
	// Resource is the logical name of the resource that causes it.
	Resource string `json:"resource"`
	// Quantity shows the arithmetic, such as "730 h × $0.045".
	Quantity string `json:"quantity"`
	// Monthly is the charge for a month; zero when Known is false.
	Monthly Money `json:"monthly"`
	// Known is false when the table has no price for it ("price unknown").
	Known bool `json:"known"`
}

// CostReport is a stack's fixed monthly cost in one region.
type CostReport struct {
	// Region is the priced region.
	Region string `json:"region"`
	// Lines are the charged resources: NAT gateways, public IPv4
	// addresses, load balancers, instances at rest and their volumes, and
	// alarms (with those AWS creates for target tracking and ECS managed
	// scaling).
	Lines []CostLine `json:"lines"`
	// Total sums the known lines.
	Total Money `json:"total"`
	// Unknown lists what has no price in the table and is left out of the
	// total.
	Unknown []string `json:"unknown,omitempty"`
	// FreeResources counts the resources with no charge of their own (VPC,
	// subnets, roles, target groups, the ECS service, ...).
	FreeResources int `json:"freeResources"`
	// NotIncluded lists the usage-based charges the fixed cost leaves out.
	NotIncluded []string `json:"notIncluded"`
}

// freeTypes have no charge of their own: they cost nothing, or what they
// cost is usage the fixed cost leaves out (logs, S3 storage, flow logs),
// or what they run is priced elsewhere (an Auto Scaling group's instances).
var freeTypes = []string{
	"aws:ec2/vpc:Vpc", "aws:ec2/subnet:Subnet", "aws:ec2/internetGateway:InternetGateway",
	"aws:ec2/routeTable:RouteTable", "aws:ec2/route:Route", "aws:ec2/routeTableAssociation:RouteTableAssociation",
	"aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "aws:ec2/securityGroup:SecurityGroup",
	"aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
	"aws:ec2/flowLog:FlowLog", "aws:ec2/launchTemplate:LaunchTemplate", "aws:ec2/networkInterface:NetworkInterface",
	"aws:iam/role:Role", "aws:iam/rolePolicy:RolePolicy", "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
	"aws:iam/instanceProfile:InstanceProfile", "aws:iam/policy:Policy",
	"aws:lb/targetGroup:TargetGroup", "aws:alb/targetGroup:TargetGroup", "aws:lb/listener:Listener", "aws:alb/listener:Listener",
	"aws:lb/listenerRule:ListenerRule",
	"aws:autoscaling/group:Group", "aws:autoscaling/policy:Policy",
	"aws:ecs/cluster:Cluster", "aws:ecs/capacityProvider:CapacityProvider",
	"aws:ecs/clusterCapacityProviders:ClusterCapacityProviders", "aws:ecs/taskDefinition:TaskDefinition",
	"aws:ecs/service:Service", "aws:appautoscaling/target:Target", "aws:appautoscaling/policy:Policy",
	"aws:codedeploy/application:Application", "aws:codedeploy/deploymentGroup:DeploymentGroup",
	"aws:codedeploy/deploymentConfig:DeploymentConfig", "aws:ec2/managedPrefixList:ManagedPrefixList",
	"aws:cloudwatch/logGroup:LogGroup",
	"aws:ecr/repository:Repository", "aws:ecr/lifecyclePolicy:LifecyclePolicy",
	"aws:s3/bucketV2:BucketV2", "aws:s3/bucket:Bucket", "aws:s3/bucketPolicy:BucketPolicy",
	"aws:s3/bucketOwnershipControls:BucketOwnershipControls", "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
	"aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
	"aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2",
	// The security baseline (issue 11): usage only (notifications, WAF's
	// log delivery), or nothing; keys and web ACLs are priced (security).
	"aws:kms/alias:Alias", "aws:sns/topic:Topic", "aws:sns/topicPolicy:TopicPolicy",
	"aws:sns/topicSubscription:TopicSubscription", "aws:wafv2/webAclAssociation:WebAclAssociation",
	"aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration",
	"aws:cloudwatch/logResourcePolicy:LogResourcePolicy", "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
	// The validation hook (issue 16): its runs only, one a release.
	typeLambdaFunction,
	// A service at its own name: ACM's public certificates are free; a
	// record costs its queries only (alias queries to a load balancer are
	// free), and the hosted zone is the account's, not the stack's.
	"aws:acm/certificate:Certificate", "aws:acm/certificateValidation:CertificateValidation", "aws:route53/record:Record",
}

// Alarms AWS creates, and bills, for scaling the program asks for.
const (
	// targetTrackingAlarms is what a target tracking policy creates: one
	// alarm to scale out, one to scale in.
	targetTrackingAlarms = 2
	// managedScalingAlarms is what ECS creates for a capacity provider with
	// managed scaling: a low and a high metric value alarm, with a target
	// tracking policy on the Auto Scaling group (AWS ECS developer guide,
	// "Automatically manage Amazon ECS capacity with cluster auto scaling").
	managedScalingAlarms = 2
)

// EstimateCost prices the stack's fixed monthly cost in region: hours a
// month × hourly prices, instances at rest (each Auto Scaling group's
// MinSize, a NAT instance's group among them) with their launch template's
// volumes, Elastic IPs, and alarms. It fails when
// the table has no prices for the region.
func EstimateCost(rs []Resource, table PriceTable, region string) (CostReport, error) {
	p, ok := table.Region(region)
	if !ok {
		return CostReport{}, fmt.Errorf("plan: the price table has no prices for region %q", region)
	}
	g, err := newGraph(rs)
	if err != nil {
		return CostReport{}, err
	}
	c := &costing{g: g, p: p, hours: table.HoursPerMonth, report: CostReport{Region: region}}
	c.natGateways()
	c.elasticIPs()
	c.loadBalancers()
	c.instances()
	c.alarms()
	c.security()
	c.rest()
	return c.report, nil
}

type costing struct {
	g            *graph
	p            RegionPrices
	hours        int64
	report       CostReport
	priced       map[string]bool // URNs with a line of their own
	natInstances int
}

func (c *costing) add(r *Resource, item, quantity string, monthly Money) {
	c.report.Lines = append(c.report.Lines, CostLine{Item: item, Resource: r.Name, Quantity: quantity, Monthly: monthly, Known: true})
	c.report.Total += monthly
	c.mark(r)
}

func (c *costing) unknown(r *Resource, item, why string) {
	c.report.Lines = append(c.report.Lines, CostLine{Item: item, Resource: r.Name, Quantity: why})
	c.report.Unknown = append(c.report.Unknown, fmt.Sprintf("%s %s: %s", item, r.Name, why))
	c.mark(r)
}

func (c *costing) mark(r *Resource) {
	if c.priced == nil {
		c.priced = map[string]bool{}
	}
	c.priced[r.URN] = true
}

// hourly prices n of something at price an hour for a month.
func (c *costing) hourly(n int64, price Money) (string, Money) {
	q := fmt.Sprintf("%d h × %s/h", c.hours, price.Exact())
	if n != 1 {
		q = fmt.Sprintf("%d × ", n) + q
	}
	return q, Money(n*c.hours) * price
}

func (c *costing) natGateways() {
	for _, r := range c.g.ofType(typeNATGateway) {
		q, m := c.hourly(1, c.p.NATGatewayHour)
		c.add(r, "NAT gateway", q, m)
	}
}

func (c *costing) elasticIPs() {
	for _, r := range c.g.ofType(typeEIP) {
		q, m := c.hourly(1, c.p.PublicIPv4Hour)
		c.add(r, "public IPv4 (Elastic IP)", q, m)
	}
}

func (c *costing) loadBalancers() {
	for _, r := range c.g.ofType(typeLoadBalancer, typeLoadBalancerALB) {
		if t := getString(r.Inputs, "loadBalancerType"); t != "" && t != "application" {
			c.unknown(r, "load balancer", fmt.Sprintf("price unknown: the table prices application load balancers, not %q", t))
			continue
		}
		q, m := c.hourly(1, c.p.ALBHour)
		c.add(r, "Application Load Balancer (LCUs excluded)", q, m)
		if internal, _ := lookup(r.Inputs, "internal").(bool); internal {
			continue
		}
		zones := len(getList(r.Inputs, "subnets")) + len(getList(r.Inputs, "subnetMappings"))
		q, m = c.hourly(int64(zones), c.p.PublicIPv4Hour)
		c.report.Lines = append(c.report.Lines, CostLine{Item: "public IPv4 of the load balancer (one per zone)", Resource: r.Name, Quantity: q, Monthly: m, Known: true})
		c.report.Total += m
	}
}

// instances prices each Auto Scaling group's instances at rest (MinSize)
// and the EBS volumes its launch template gives each of them.
func (c *costing) instances() {
	for _, asg := range c.g.ofType(typeAutoScalingGroup) {
		minSize, _ := getInt(asg.Inputs, "minSize")
		lt := c.g.launchTemplateOf(asg)
		if lt == nil || lookup(asg.Inputs, "mixedInstancesPolicy") != nil {
			c.unknown(asg, "EC2 instances", "price unknown: no single launch template to read the instance type from")
			continue
		}
		item := "EC2 instances at rest (min size)"
		if c.g.natInterface(lt) != nil {
			item = "NAT instance (EC2)"
			c.natInstances++
		}
		typ := getString(lt.Inputs, "instanceType")
		if price, ok := c.p.EC2Hour[typ]; ok {
			m := Money(int64(minSize)*c.hours) * price
			c.add(asg, item, fmt.Sprintf("%d × %s × %d h × %s/h", minSize, typ, c.hours, price.Exact()), m)
		} else {
			c.unknown(asg, item, fmt.Sprintf("%d × %s: price unknown in %s", minSize, typ, c.p.Region))
		}
		mappings := getList(lt.Inputs, "blockDeviceMappings")
		if len(mappings) == 0 {
			c.report.Unknown = append(c.report.Unknown, fmt.Sprintf("EBS volumes of %s: the image's, size unknown", asg.Name))
		}
		for _, bd := range mappings {
			size, okSize := getInt(bd, "ebs", "volumeSize")
			vt, _ := lookup(bd, "ebs", "volumeType").(string)
			dev, _ := lookup(bd, "deviceName").(string)
			item := fmt.Sprintf("EBS %s %s (%s)", vt, dev, lt.Name)
			iops, _ := getInt(bd, "ebs", "iops")
			throughput, _ := getInt(bd, "ebs", "throughput")
			switch {
			case !okSize || vt != "gp3":
				c.unknown(asg, item, "price unknown: the table prices gp3 volumes of a given size")
			case iops > 3000 || throughput > 125:
				c.unknown(asg, item, "price unknown: IOPS or throughput above gp3's baseline")
			default:
				n := int64(minSize) * int64(size)
				m := Money(n) * c.p.GP3GBMonth
				c.report.Lines = append(c.report.Lines, CostLine{Item: item, Resource: asg.Name,
					Quantity: fmt.Sprintf("%d × %d GiB × %s", minSize, size, c.p.GP3GBMonth.Exact()), Monthly: m, Known: true})
				c.report.Total += m
			}
		}
	}
}

func (c *costing) alarms() {
	for _, r := range c.g.ofType(typeMetricAlarm) {
		c.add(r, "CloudWatch alarm", "1 × "+c.p.AlarmMonth.Exact(), c.p.AlarmMonth)
	}
	implied := func(r *Resource, n int, by string) {
		m := Money(n) * c.p.AlarmMonth
		c.report.Lines = append(c.report.Lines, CostLine{Item: "CloudWatch alarms created by " + by, Resource: r.Name,
			Quantity: fmt.Sprintf("%d × %s", n, c.p.AlarmMonth.Exact()), Monthly: m, Known: true})
		c.report.Total += m
	}
	for _, r := range c.g.ofType(typeCapacityProvider) {
		if getString(r.Inputs, "autoScalingGroupProvider", "managedScaling", "status") == "ENABLED" {
			implied(r, managedScalingAlarms, "ECS managed scaling")
		}
	}
	for _, r := range c.g.ofType(typeAppAutoScalingPol, typeAutoScalingPolicy) {
		if getString(r.Inputs, "policyType") == "TargetTrackingScaling" {
			implied(r, targetTrackingAlarms, "target tracking")
		}
	}
}

// security prices the security baseline's fixed charges: each customer
// managed KMS key, and each WAF web ACL with its rules (a managed rule group
// is charged as one rule).
func (c *costing) security() {
	for _, r := range c.g.ofType(typeKMSKey) {
		c.add(r, "KMS key (requests excluded)", "1 × "+c.p.KMSKeyMonth.Exact(), c.p.KMSKeyMonth)
	}
	for _, r := range c.g.ofType(typeWebACL) {
		n := int64(len(getList(r.Inputs, "rules")))
		m := c.p.WAFWebACLMonth + Money(n)*c.p.WAFRuleMonth
		c.add(r, "WAF web ACL and its rules (requests excluded)",
			fmt.Sprintf("%s + %d × %s", c.p.WAFWebACLMonth.Exact(), n, c.p.WAFRuleMonth.Exact()), m)
	}
}

// rest counts the free resources and names what the fixed cost leaves out.
func (c *costing) rest() {
	var unmodelled []string
	for _, r := range c.g.all {
		switch {
		case !r.Custom || c.priced[r.URN]:
		case r.Type == typeVPCEndpoint && getString(r.Inputs, "vpcEndpointType") != "Gateway":
			c.unknown(r, "VPC interface endpoint", "price unknown: the table prices gateway endpoints (free) only")
		case slices.Contains(freeTypes, r.Type) || r.Type == typeVPCEndpoint:
			c.report.FreeResources++
		default:
			if !slices.Contains(unmodelled, r.Type) {
				unmodelled = append(unmodelled, r.Type)
			}
		}
	}
	has := func(types ...string) int { return len(c.g.ofType(types...)) }
	var out []string
	if n := has(typeNATGateway); n > 0 {
		out = append(out, "NAT gateway data processing (per GB)")
	}
	if c.natInstances > 0 {
		out = append(out, "NAT instance CPU beyond the burstable baseline (T4g unlimited mode); it has no per-GB charge")
	}
	if n := has(typeLoadBalancer, typeLoadBalancerALB); n > 0 {
		out = append(out, "load balancer capacity units (LCU-hours)")
	}
	if n := has(typeLambdaFunction); n > 0 {
		out = append(out, "Lambda: the validation hook's runs, one a release (128 MB for at most its budget: well under $0.01 a release)")
	}
	if n := has(typeLogGroup); n > 0 {
		out = append(out, "CloudWatch Logs ingestion and storage ("+count(n, "log group")+")")
	}
	for _, cl := range c.g.ofType(typeECSCluster) {
		for _, s := range getList(cl.Inputs, "settings") {
			if v, _ := lookup(s, "value").(string); lookup(s, "name") == "containerInsights" && v != "disabled" {
				out = append(out, fmt.Sprintf("Container Insights metrics of cluster %s (%s)", cl.Name, v))
			}
		}
	}
	if n := has("aws:ecr/repository:Repository"); n > 0 {
		out = append(out, "ECR image storage ("+count(n, "repository")+")")
	}
	if n := has(typeS3Bucket, typeS3BucketV2); n > 0 {
		out = append(out, "S3 storage and requests ("+count(n, "bucket")+")")
	}
	if n := has(typeWebACL); n > 0 {
		out = append(out, "AWS WAF requests ($0.60 per million)")
	}
	if n := has(typeKMSKey); n > 0 {
		out = append(out, "KMS requests ("+count(n, "key")+")")
	}
	if n := has(typeSNSTopic); n > 0 {
		out = append(out, "SNS notifications ("+count(n, "topic")+")")
	}
	if n := has(typeRecord); n > 0 {
		out = append(out, "Route 53: the hosted zone ($0.50 a month) is the account's, and queries of the certificate's validation records ($0.40 per million); alias queries to the load balancer are free")
	}
	out = append(out, "data transfer out of AWS and across zones", "free tier (the first 10 alarms, ...) not deducted")
	if len(unmodelled) > 0 {
		out = append(out, "types without a cost model: "+strings.Join(unmodelled, ", "))
	}
	c.report.NotIncluded = out
}

// count returns "1 thing" or "n things".
func count(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return fmt.Sprintf("%d %ss", n, thing)
}
