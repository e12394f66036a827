package plan

// archStack is a small whole stack, as the components register it, in one
// zone: a VPC with an internet gateway, a public subnet routing to it with
// a NAT gateway, a private subnet routing to the NAT gateway and a gateway
// endpoint; a load balancer with a production and a test listener
// forwarding to blue, and a green group; an ECS service on an Auto Scaling
// group in the private subnet; and a deployment group over all of it.
func archStack() []Resource {
	s := &stack{}
	net := s.component("proj:network:VPC", "vpc")
	in := func(m map[string]any) []opt { return []opt{parent(net), inputs(m)} }
	vpc := s.add(typeVPC, "vpc", in(map[string]any{"cidrBlock": "10.0.0.0/16"})...)
	igw := s.add(typeInternetGateway, "vpc-igw", append(in(nil), deps(vpc))...)
	pub := s.add(typeSubnet, "vpc-public-0", append(in(map[string]any{"availabilityZone": "zz-1a", "cidrBlock": "10.0.128.0/20"}), deps(vpc), id("subnet-pub"))...)
	priv := s.add(typeSubnet, "vpc-private-0", append(in(map[string]any{"availabilityZone": "zz-1a", "cidrBlock": "10.0.0.0/20"}), deps(vpc), id("subnet-priv"))...)
	pubRT := s.add(typeRouteTable, "vpc-public", append(in(nil), deps(vpc))...)
	route := s.add(typeRoute, "vpc-public-internet", append(in(nil), deps(pubRT, igw))...)
	s.add(typeRouteTableAssoc, "vpc-public-0", append(in(nil), deps(pub, pubRT))...)
	eip := s.add(typeEIP, "vpc-nat-0", in(nil)...)
	nat := s.add(typeNATGateway, "vpc-nat-0", append(in(nil), deps(eip, igw, pub))...)
	privRT := s.add(typeRouteTable, "vpc-private-0", append(in(nil), deps(vpc), id("rtb-priv"))...)
	s.add(typeRoute, "vpc-private-0-nat", append(in(nil), deps(privRT, nat))...)
	s.add(typeRouteTableAssoc, "vpc-private-0", append(in(nil), deps(priv, privRT))...)
	s.add(typeVPCEndpoint, "vpc-s3", append(in(map[string]any{"serviceName": "com.amazonaws.zz-1.s3", "vpcEndpointType": "Gateway"}), deps(vpc, privRT))...)

	web := s.component("proj:alb:LoadBalancer", "web")
	w := func(m map[string]any, more ...opt) []opt { return append([]opt{parent(web), inputs(m)}, more...) }
	lb := s.add(typeLoadBalancer, "web", w(map[string]any{"internal": false, "subnets": []any{"subnet-pub"}}, deps(pub, route), outputs(map[string]any{"arn": "arn:lb"}))...)
	hc := map[string]any{"interval": 10.0}
	blue := s.add(typeTargetGroup, "web-blue", w(map[string]any{"protocol": "HTTP", "port": 8080.0, "healthCheck": hc}, deps(vpc), outputs(map[string]any{"arn": "arn:blue", "name": "blue-1"}))...)
	green := s.add(typeTargetGroup, "web-green", w(map[string]any{"protocol": "HTTP", "port": 8080.0, "healthCheck": hc}, deps(vpc), outputs(map[string]any{"arn": "arn:green", "name": "green-1"}))...)
	fwd := []any{map[string]any{"type": "forward", "targetGroupArn": "arn:blue"}}
	prod := s.add(typeListener, "web-prod", w(map[string]any{"loadBalancerArn": "arn:lb", "port": 80.0, "protocol": "HTTP", "defaultActions": fwd}, deps(lb, blue), outputs(map[string]any{"arn": "arn:prod"}))...)
	test := s.add(typeListener, "web-test", w(map[string]any{"loadBalancerArn": "arn:lb", "port": 8080.0, "protocol": "HTTP", "defaultActions": fwd}, deps(lb, blue), outputs(map[string]any{"arn": "arn:test"}))...)

	cl := s.component("proj:ecs:Cluster", "cluster")
	lt := s.add(typeLaunchTemplate, "cluster", parent(cl), id("lt-1"), inputs(map[string]any{"instanceType": "t3.small"}))
	asg := s.add(typeAutoScalingGroup, "cluster", parent(cl), deps(lt, priv), inputs(map[string]any{"minSize": 1.0, "launchTemplate": map[string]any{"id": "lt-1"}}),
		outputs(map[string]any{"arn": "arn:asg"}))
	cp := s.add(typeCapacityProvider, "cluster-cp", parent(cl), deps(asg), inputs(map[string]any{"autoScalingGroupProvider": map[string]any{"autoScalingGroupArn": "arn:asg"}}))

	app := s.component("proj:ecs:Service", "app")
	svc := s.add(typeECSService, "app", parent(app), deps(prod, blue, cp), inputs(map[string]any{
		"desiredCount":         1.0,
		"deploymentController": map[string]any{"type": "CODE_DEPLOY"},
		"loadBalancers":        []any{map[string]any{"targetGroupArn": "arn:blue"}},
	}))
	s.add(typeDeploymentGroup, "app", parent(app), deps(prod, test, blue, green, svc), inputs(map[string]any{
		"deploymentConfigName":      "CodeDeployDefault.ECSAllAtOnce",
		"blueGreenDeploymentConfig": map[string]any{"terminateBlueInstancesOnDeploymentSuccess": map[string]any{"terminationWaitTimeInMinutes": 5.0}},
		"loadBalancerInfo": map[string]any{"targetGroupPairInfo": map[string]any{
			"prodTrafficRoute": map[string]any{"listenerArns": []any{"arn:prod"}},
			"testTrafficRoute": map[string]any{"listenerArns": []any{"arn:test"}},
			"targetGroups":     []any{map[string]any{"name": "blue-1"}, map[string]any{"name": "green-1"}},
		}},
	}))
	return s.rs
}
