package plan

import (
	"fmt"
	"slices"
	"strings"
)

// Mermaid returns the stack's architecture as a Mermaid flowchart, derived
// from what was registered: the internet and the internet gateway; each
// VPC with, per availability zone, its public and private subnets and NAT
// gateways or NAT instance; the load balancers with their listeners and target groups; the
// ECS services on the instances of their capacity providers' Auto Scaling
// groups in the private subnets; the private subnets' egress through NAT
// gateways, a NAT instance and gateway endpoints; and each CodeDeploy deployment group
// pointing at the listeners, target groups and service it releases. Solid
// arrows carry traffic as registered; dotted arrows are what CodeDeploy
// shifts during a release, and what belongs to what. The output is the
// same for the same resources.
func Mermaid(rs []Resource) (string, error) {
	g, err := newGraph(rs)
	if err != nil {
		return "", err
	}
	d := &diagram{g: g, ids: map[string]string{}, used: map[string]bool{}}
	return d.render(), nil
}

// MermaidBlock wraps a flowchart in a Markdown code fence, as the README
// shows it.
func MermaidBlock(flowchart string) string {
	return "```mermaid\n" + flowchart + "```\n"
}

type diagram struct {
	g       *graph
	ids     map[string]string // URN to node id
	used    map[string]bool
	b       strings.Builder
	outside []string // nodes outside the VPC, written after it
	edges   []string
}

// id returns r's node id: a prefix and its name, made safe for Mermaid and
// unique.
func (d *diagram) id(prefix string, r *Resource) string {
	if id, ok := d.ids[r.URN]; ok {
		return id
	}
	base := prefix + "_" + strings.Map(func(c rune) rune {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
			return c
		}
		return '_'
	}, r.Name)
	id := base
	for n := 2; d.used[id]; n++ {
		id = fmt.Sprintf("%s_%d", base, n)
	}
	d.used[id] = true
	d.ids[r.URN] = id
	return id
}

func label(lines ...string) string {
	return `"` + strings.ReplaceAll(strings.Join(lines, "<br/>"), `"`, "#quot;") + `"`
}

func (d *diagram) node(indent, id, shapeOpen, text, shapeClose string) {
	fmt.Fprintf(&d.b, "%s%s%s%s%s\n", indent, id, shapeOpen, text, shapeClose)
}

func (d *diagram) edge(from, arrow, to string) {
	if from == "" || to == "" {
		return
	}
	e := fmt.Sprintf("  %s %s %s", from, arrow, to)
	if !slices.Contains(d.edges, e) {
		d.edges = append(d.edges, e)
	}
}

// subnetInfo is a subnet with what routes tell about it.
type subnetInfo struct {
	r      *Resource
	zone   string
	public bool
	nat    *Resource // the NAT gateway its default route goes to
	natENI *Resource // the NAT instance's interface its default route goes to
	igw    *Resource
}

func (d *diagram) subnets(vpc *Resource) []subnetInfo {
	var out []subnetInfo
	for _, sn := range d.g.dependents(vpc, typeSubnet) {
		info := subnetInfo{r: sn, zone: getString(sn.Inputs, "availabilityZone")}
		for _, assoc := range d.g.dependents(sn, typeRouteTableAssoc) {
			for _, rt := range d.g.deps(assoc, typeRouteTable) {
				for _, route := range d.g.dependents(rt, typeRoute) {
					if igw := d.g.deps(route, typeInternetGateway); len(igw) > 0 {
						info.public, info.igw = true, igw[0]
					}
					if nat := d.g.deps(route, typeNATGateway); len(nat) > 0 {
						info.nat = nat[0]
					}
					if eni := d.g.deps(route, typeNetworkInterface); len(eni) > 0 {
						info.natENI = eni[0]
					}
				}
			}
		}
		out = append(out, info)
	}
	slices.SortStableFunc(out, func(a, b subnetInfo) int {
		if c := strings.Compare(a.zone, b.zone); c != 0 {
			return c
		}
		if a.public != b.public {
			if a.public {
				return -1
			}
			return 1
		}
		return strings.Compare(a.r.Name, b.r.Name)
	})
	return out
}

func (d *diagram) render() string {
	d.b.WriteString("flowchart TB\n")
	d.node("  ", "internet", "((", label("Internet"), "))")
	for _, vpc := range d.g.ofType(typeVPC) {
		d.renderVPC(vpc)
	}
	d.renderServices()
	d.renderDeploymentGroups()
	for _, e := range d.edges {
		d.b.WriteString(e + "\n")
	}
	return d.b.String()
}

func (d *diagram) renderVPC(vpc *Resource) {
	vid := d.id("vpc", vpc)
	d.node("  ", "subgraph "+vid, "[", label("VPC "+vpc.Name+" · "+getString(vpc.Inputs, "cidrBlock")), "]")
	for _, igw := range d.g.dependents(vpc, typeInternetGateway) {
		id := d.id("igw", igw)
		d.node("    ", id, "[", label("internet gateway "+igw.Name), "]")
		d.edge("internet", "<-->", id)
	}
	subnets := d.subnets(vpc)
	// Load balancers in this VPC's subnets, with listeners and target groups.
	for _, lb := range d.g.ofType(typeLoadBalancer, typeLoadBalancerALB) {
		d.renderLoadBalancer(lb, subnets)
	}
	var zones []string
	for _, s := range subnets {
		if !slices.Contains(zones, s.zone) {
			zones = append(zones, s.zone)
		}
	}
	for _, z := range zones {
		zid := "zone_" + strings.Map(func(c rune) rune {
			if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
				return c
			}
			return '_'
		}, z)
		d.node("    ", "subgraph "+zid, "[", label("zone "+z), "]")
		for _, s := range subnets {
			if s.zone != z {
				continue
			}
			d.renderSubnet(s)
		}
		d.b.WriteString("    end\n")
	}
	for _, ep := range d.g.dependents(vpc, typeVPCEndpoint) {
		svc := getString(ep.Inputs, "serviceName")
		svc = svc[strings.LastIndex(svc, ".")+1:]
		kind := getString(ep.Inputs, "vpcEndpointType")
		id := d.id("ep", ep)
		d.node("    ", id, "[", label(strings.ToLower(kind)+" endpoint "+ep.Name, "to "+svc), "]")
		for _, rt := range d.g.deps(ep, typeRouteTable) {
			for _, s := range subnets {
				if d.routesThrough(s.r, rt) {
					d.edge(d.id("sn", s.r), "-.->", id)
				}
			}
		}
	}
	d.b.WriteString("  end\n")
	for _, n := range d.outside {
		d.b.WriteString(n)
	}
	d.outside = nil
	for _, fl := range d.g.dependents(vpc, typeFlowLog) {
		id := d.id("fl", fl)
		dest := map[string]string{"cloud-watch-logs": "to CloudWatch Logs", "s3": "to S3", "kinesis-data-firehose": "to Firehose"}[getString(fl.Inputs, "logDestinationType")]
		d.node("  ", id, "[(", label("flow logs "+fl.Name, dest), ")]")
		d.edge(vid, "-.->", id)
	}
}

// routesThrough says whether subnet sn is associated with route table rt.
func (d *diagram) routesThrough(sn, rt *Resource) bool {
	for _, assoc := range d.g.dependents(sn, typeRouteTableAssoc) {
		if slices.Contains(assoc.Dependencies, rt.URN) {
			return true
		}
	}
	return false
}

func (d *diagram) renderSubnet(s subnetInfo) {
	id := d.id("sn", s.r)
	tier := "private"
	if s.public {
		tier = "public"
	}
	lines := []string{tier + " subnet " + s.r.Name + " · " + getString(s.r.Inputs, "cidrBlock")}
	var natInstances []string
	for _, asg := range d.g.ofType(typeAutoScalingGroup) {
		if !slices.Contains(asg.Dependencies, s.r.URN) {
			continue
		}
		typ := "instances"
		lt := d.g.launchTemplateOf(asg)
		if lt != nil {
			typ = getString(lt.Inputs, "instanceType")
		}
		if lt != nil && d.g.natInterface(lt) != nil {
			// Drawn as the NAT it is, below.
			natInstances = append(natInstances, d.natInstanceNode(s, asg, lt, typ))
			continue
		}
		lines = append(lines, fmt.Sprintf("EC2 %s of Auto Scaling group %s", typ, asg.Name))
	}
	d.node("      ", id, "[", label(lines...), "]")
	for _, n := range natInstances {
		d.b.WriteString(n)
	}
	for _, nat := range d.g.dependents(s.r, typeNATGateway) {
		nid := d.id("nat", nat)
		d.node("      ", nid, "([", label("NAT gateway "+nat.Name, "in "+s.r.Name), "])")
		for _, igw := range d.g.deps(nat, typeInternetGateway) {
			d.edge(nid, "-->", d.id("igw", igw))
		}
	}
	if s.nat != nil {
		d.edge(id, "-->", d.id("nat", s.nat))
	}
	if s.natENI != nil {
		d.edge(id, "-->", d.id("nat", s.natENI))
	}
}

// natInstanceNode returns the node of a NAT instance: its group's instance
// on the interface the private routes go to, named after the interface,
// and its edge to the internet gateway its address needs.
func (d *diagram) natInstanceNode(s subnetInfo, asg, lt *Resource, typ string) string {
	eni := d.g.natInterface(lt)
	nid := d.id("nat", eni)
	maxSize, _ := getInt(asg.Inputs, "maxSize")
	text := label("NAT instance "+eni.Name, fmt.Sprintf("EC2 %s · Auto Scaling group of %d", typ, maxSize), "in "+s.r.Name)
	for _, eip := range d.g.dependents(eni, typeEIP) {
		for _, igw := range d.g.deps(eip, typeInternetGateway) {
			d.edge(nid, "-->", d.id("igw", igw))
		}
	}
	return fmt.Sprintf("      %s([%s])\n", nid, text)
}

func (d *diagram) renderLoadBalancer(lb *Resource, subnets []subnetInfo) {
	var zones, mine []string
	for _, s := range subnets {
		if slices.Contains(lb.Dependencies, s.r.URN) {
			zones = append(zones, s.zone)
			mine = append(mine, d.id("sn", s.r))
		}
	}
	if len(mine) == 0 {
		return
	}
	scheme := "internet-facing"
	if internal, _ := lookup(lb.Inputs, "internal").(bool); internal {
		scheme = "internal"
	}
	id := d.id("lb", lb)
	d.node("    ", id, "[", label("Application Load Balancer "+lb.Name, scheme+" · "+strings.Join(zones, ", ")), "]")
	if scheme == "internet-facing" {
		for _, s := range subnets {
			if s.igw != nil && slices.Contains(lb.Dependencies, s.r.URN) {
				d.edge(d.id("igw", s.igw), "-->", id)
				break
			}
		}
	}
	for _, sn := range mine {
		d.edge(id, "-.-", sn)
	}
	for _, tg := range d.g.ofType(typeTargetGroup, typeTargetGroupALB) {
		if len(d.g.dependents(tg, typeListener, typeListenerALB)) == 0 && !d.usedBy(tg, lb) {
			continue
		}
		tid := d.id("tg", tg)
		port, _ := getInt(tg.Inputs, "port")
		interval, _ := getInt(tg.Inputs, "healthCheck", "interval")
		d.node("    ", tid, "[", label("target group "+tg.Name, fmt.Sprintf("%s :%d · checked every %d s", getString(tg.Inputs, "protocol"), port, interval)), "]")
	}
	for _, l := range d.g.ofType(typeListener, typeListenerALB) {
		if d.g.ref(getString(l.Inputs, "loadBalancerArn")) != lb && !slices.Contains(l.Dependencies, lb.URN) {
			continue
		}
		lid := d.id("l", l)
		port, _ := getInt(l.Inputs, "port")
		action := getString(l.Inputs, "defaultActions", 0, "type")
		text := fmt.Sprintf("%s :%d", getString(l.Inputs, "protocol"), port)
		if role := d.listenerRole(l); role != "" {
			text += " · " + role
		}
		if action == "redirect" {
			text += " · redirect to " + getString(l.Inputs, "defaultActions", 0, "redirect", "protocol")
		}
		d.node("    ", lid, "[", label("listener "+l.Name, text), "]")
		d.edge(id, "-->", lid)
		d.renderCertificate(l, lid)
		if tg := d.g.ref(getString(l.Inputs, "defaultActions", 0, "targetGroupArn")); tg != nil {
			d.edge(lid, "-->", d.id("tg", tg))
		}
	}
	d.renderNames(lb, id)
	if bucket := d.g.ref(getString(lb.Inputs, "accessLogs", "bucket"), typeS3Bucket, typeS3BucketV2); bucket != nil {
		bid := d.id("s3", bucket)
		d.outside = append(d.outside, fmt.Sprintf("  %s[(%s)]\n", bid, label("S3 bucket "+bucket.Name, "access logs")))
		d.edge(id, "-.->", bid)
	}
}

// listenerRole says which traffic route of a deployment group a listener
// carries: "production" or "test", or "" for none.
func (d *diagram) listenerRole(l *Resource) string {
	for _, dg := range d.g.ofType(typeDeploymentGroup) {
		for _, route := range []struct{ key, role string }{{"prodTrafficRoute", "production"}, {"testTrafficRoute", "test"}} {
			for _, arn := range getList(dg.Inputs, "loadBalancerInfo", "targetGroupPairInfo", route.key, "listenerArns") {
				if d.g.ref(arn) == l {
					return route.role
				}
			}
		}
	}
	return ""
}

// usedBy says whether a deployment group pairs tg with a listener of lb.
func (d *diagram) usedBy(tg, lb *Resource) bool {
	for _, dg := range d.g.ofType(typeDeploymentGroup) {
		if slices.Contains(d.g.targetGroupsOf(dg), tg) {
			for _, l := range d.g.deps(dg, typeListener, typeListenerALB) {
				if slices.Contains(l.Dependencies, lb.URN) {
					return true
				}
			}
		}
	}
	return false
}

// serviceSubnets returns the subnets of the Auto Scaling groups behind a
// service's capacity provider strategy.
func (d *diagram) serviceSubnets(svc *Resource) []*Resource {
	var out []*Resource
	for _, cp := range d.g.deps(svc, typeCapacityProvider) {
		asg := d.g.ref(getString(cp.Inputs, "autoScalingGroupProvider", "autoScalingGroupArn"), typeAutoScalingGroup)
		if asg == nil {
			continue
		}
		for _, sn := range d.g.deps(asg, typeSubnet) {
			if !slices.Contains(out, sn) {
				out = append(out, sn)
			}
		}
	}
	return out
}

func (d *diagram) renderServices() {
	for _, svc := range d.g.ofType(typeECSService) {
		id := d.id("svc", svc)
		n, _ := getInt(svc.Inputs, "desiredCount")
		ctrl := getString(svc.Inputs, "deploymentController", "type")
		lines := []string{"ECS service " + svc.Name, count(n, "task")}
		if ctrl != "" {
			lines[1] += " · deployments by " + ctrl
		}
		d.node("  ", id, "[", label(lines...), "]")
		subnets := d.serviceSubnets(svc)
		for _, sn := range subnets {
			d.edge(id, "-.-", d.id("sn", sn))
		}
		var tgs []*Resource
		for _, lb := range getList(svc.Inputs, "loadBalancers") {
			if tg := d.g.ref(getString(lb, "targetGroupArn")); tg != nil {
				tgs = append(tgs, tg)
			}
		}
		for _, dg := range d.g.dependents(svc, typeDeploymentGroup) {
			for _, tg := range d.g.targetGroupsOf(dg) {
				if !slices.Contains(tgs, tg) {
					tgs = append(tgs, tg)
				}
			}
		}
		for _, tg := range tgs {
			for _, sn := range subnets {
				d.edge(d.id("tg", tg), "-->", d.id("sn", sn))
			}
		}
	}
}

func (d *diagram) renderDeploymentGroups() {
	for _, dg := range d.g.ofType(typeDeploymentGroup) {
		id := d.id("dg", dg)
		wait, _ := getInt(dg.Inputs, "blueGreenDeploymentConfig", "terminateBlueInstancesOnDeploymentSuccess", "terminationWaitTimeInMinutes")
		d.node("  ", id, "[", label("CodeDeploy deployment group "+dg.Name, getString(dg.Inputs, "deploymentConfigName"), fmt.Sprintf("original tasks kept %d min", wait)), "]")
		pair := []string{"loadBalancerInfo", "targetGroupPairInfo"}
		tgs := d.g.targetGroupsOf(dg)
		for _, route := range []string{"prodTrafficRoute", "testTrafficRoute"} {
			for _, arn := range getList(dg.Inputs, pair[0], pair[1], route, "listenerArns") {
				l := d.g.ref(arn, typeListener, typeListenerALB)
				if l == nil {
					continue
				}
				d.edge(id, "-.->", d.id("l", l))
				// The listener forwards to one group at creation; a release
				// moves it to the other.
				current := d.g.ref(getString(l.Inputs, "defaultActions", 0, "targetGroupArn"))
				for _, tg := range tgs {
					if tg != current {
						d.edge(d.id("l", l), "-. release .->", d.id("tg", tg))
					}
				}
			}
		}
		for _, tg := range tgs {
			d.edge(id, "-.->", d.id("tg", tg))
		}
		for _, svc := range d.g.deps(dg, typeECSService) {
			d.edge(id, "-.->", d.id("svc", svc))
		}
	}
}

// renderCertificate draws the ACM certificate the listener l (node lid)
// serves, once, outside the VPC, with the hosted zones its validation
// records are in.
func (d *diagram) renderCertificate(l *Resource, lid string) {
	cert := d.g.ref(getString(l.Inputs, "certificateArn"), typeCertificate)
	if cert == nil {
		return
	}
	_, drawn := d.ids[cert.URN]
	cid := d.id("cert", cert)
	d.edge(lid, "-.->", cid)
	if drawn {
		return
	}
	names := []string{getString(cert.Inputs, "domainName")}
	for _, n := range getList(cert.Inputs, "subjectAlternativeNames") {
		if s, _ := n.(string); s != "" {
			names = append(names, s)
		}
	}
	d.outside = append(d.outside, fmt.Sprintf("  %s[%s]\n", cid, label("ACM certificate "+cert.Name, strings.Join(names, ", ")+" · validated by DNS")))
	for _, rec := range d.g.dependents(cert, typeRecord) {
		d.edge(cid, "-. validation record .->", d.hostedZone(getString(rec.Inputs, "zoneId")))
	}
}

// renderNames draws the alias records that point a name at the load
// balancer lb (node lbID), in their hosted zones.
func (d *diagram) renderNames(lb *Resource, lbID string) {
	for _, rec := range d.g.dependents(lb, typeRecord) {
		rid := d.id("dns", rec)
		d.outside = append(d.outside, fmt.Sprintf("  %s[%s]\n", rid, label("record "+rec.Name, getString(rec.Inputs, "type")+" alias "+getString(rec.Inputs, "name"))))
		d.edge(d.hostedZone(getString(rec.Inputs, "zoneId")), "-.-", rid)
		d.edge(rid, "-->", lbID)
	}
}

// hostedZone returns the node of the Route 53 hosted zone id, drawn once:
// the account's, not the stack's.
func (d *diagram) hostedZone(id string) string {
	hz := "hz_" + strings.Map(func(c rune) rune {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
			return c
		}
		return '_'
	}, id)
	if !d.used[hz] {
		d.used[hz] = true
		d.outside = append(d.outside, fmt.Sprintf("  %s[(%s)]\n", hz, label("Route 53 hosted zone "+id, "the account's")))
	}
	return hz
}
