package fakeaws

import (
	"encoding/xml"
	"net/url"
	"slices"
	"sort"
	"strconv"
)

const elbXMLNS = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/"

type xmlTargetGroups struct {
	XMLName      xml.Name         `xml:"DescribeTargetGroupsResponse"`
	Xmlns        string           `xml:"xmlns,attr"`
	TargetGroups []xmlTargetGroup `xml:"DescribeTargetGroupsResult>TargetGroups>member"`
	RequestID    string           `xml:"ResponseMetadata>RequestId"`
}

type xmlTargetGroup struct {
	TargetGroupArn   string
	TargetGroupName  string
	Protocol         string
	Port             int
	TargetType       string
	LoadBalancerArns []string `xml:"LoadBalancerArns>member"`
}

type xmlTargetHealth struct {
	XMLName      xml.Name                `xml:"DescribeTargetHealthResponse"`
	Xmlns        string                  `xml:"xmlns,attr"`
	Descriptions []xmlTargetHealthMember `xml:"DescribeTargetHealthResult>TargetHealthDescriptions>member"`
	RequestID    string                  `xml:"ResponseMetadata>RequestId"`
}

type xmlTargetHealthMember struct {
	TargetID        string `xml:"Target>Id"`
	TargetPort      int    `xml:"Target>Port"`
	HealthCheckPort string `xml:"HealthCheckPort"`
	State           string `xml:"TargetHealth>State"`
	Reason          string `xml:"TargetHealth>Reason,omitempty"`
}

type xmlListeners struct {
	XMLName   xml.Name      `xml:"DescribeListenersResponse"`
	Xmlns     string        `xml:"xmlns,attr"`
	Listeners []xmlListener `xml:"DescribeListenersResult>Listeners>member"`
	RequestID string        `xml:"ResponseMetadata>RequestId"`
}

type xmlListener struct {
	ListenerArn     string
	LoadBalancerArn string
	Port            int
	Protocol        string
	DefaultActions  []xmlAction `xml:"DefaultActions>member"`
}

type xmlAction struct {
	Type           string
	TargetGroupArn string           `xml:",omitempty"`
	TargetGroups   []xmlWeightedTGs `xml:"ForwardConfig>TargetGroups>member"`
}

type xmlWeightedTGs struct {
	TargetGroupArn string
	Weight         int
}

type xmlLoadBalancers struct {
	XMLName       xml.Name          `xml:"DescribeLoadBalancersResponse"`
	Xmlns         string            `xml:"xmlns,attr"`
	LoadBalancers []xmlLoadBalancer `xml:"DescribeLoadBalancersResult>LoadBalancers>member"`
	RequestID     string            `xml:"ResponseMetadata>RequestId"`
}

type xmlLoadBalancer struct {
	LoadBalancerArn string
	Type            string
	Scheme          string
	SecurityGroups  []string `xml:"SecurityGroups>member"`
}

func (s *Server) elb(action string, form url.Values) (any, *apiError) {
	switch action {
	case "DescribeTargetGroups":
		out := xmlTargetGroups{Xmlns: elbXMLNS, RequestID: "fake"}
		add := func(tg *TargetGroup) {
			out.TargetGroups = append(out.TargetGroups, xmlTargetGroup{
				TargetGroupArn: tg.ARN, TargetGroupName: tg.Name, Protocol: "HTTP", Port: 8080, TargetType: "instance",
				LoadBalancerArns: slices.Clone(tg.LoadBalancerARNs),
			})
		}
		for _, name := range members(form, "Names.member") {
			tg, ok := s.targetGroups[name]
			if !ok {
				return nil, errorf("TargetGroupNotFound", "One or more target groups not found")
			}
			add(tg)
		}
		for _, arn := range members(form, "TargetGroupArns.member") {
			tg := s.targetGroupByARN(arn)
			if tg == nil {
				return nil, errorf("TargetGroupNotFound", "One or more target groups not found")
			}
			add(tg)
		}
		return out, nil
	case "DescribeTargetHealth":
		arn := form.Get("TargetGroupArn")
		tg := s.targetGroupByARN(arn)
		if tg == nil {
			return nil, errorf("TargetGroupNotFound", "Target groups '"+arn+"' not found")
		}
		out := xmlTargetHealth{Xmlns: elbXMLNS, RequestID: "fake"}
		for _, t := range s.health[tg.Name] {
			out.Descriptions = append(out.Descriptions, xmlTargetHealthMember{
				TargetID: t.ID, TargetPort: t.Port, HealthCheckPort: strconv.Itoa(t.Port), State: t.State, Reason: t.Reason,
			})
		}
		return out, nil
	case "DescribeListeners":
		out := xmlListeners{Xmlns: elbXMLNS, RequestID: "fake"}
		for _, arn := range members(form, "ListenerArns.member") {
			l, ok := s.listeners[arn]
			if !ok {
				return nil, errorf("ListenerNotFound", "One or more listeners not found")
			}
			action := xmlAction{Type: "forward"}
			tgs := make([]string, 0, len(l.Forward))
			for tg := range l.Forward {
				tgs = append(tgs, tg)
			}
			sort.Strings(tgs)
			for _, tg := range tgs {
				action.TargetGroups = append(action.TargetGroups, xmlWeightedTGs{TargetGroupArn: tg, Weight: l.Forward[tg]})
			}
			if len(tgs) == 1 {
				action.TargetGroupArn = tgs[0]
			}
			out.Listeners = append(out.Listeners, xmlListener{ListenerArn: l.ARN, LoadBalancerArn: l.LoadBalancerARN, Port: l.Port, Protocol: "HTTP", DefaultActions: []xmlAction{action}})
		}
		return out, nil
	case "DescribeLoadBalancers":
		out := xmlLoadBalancers{Xmlns: elbXMLNS, RequestID: "fake"}
		for _, arn := range members(form, "LoadBalancerArns.member") {
			lb, ok := s.loadBalancers[arn]
			if !ok {
				return nil, errorf("LoadBalancerNotFound", "One or more load balancers not found")
			}
			out.LoadBalancers = append(out.LoadBalancers, xmlLoadBalancer{LoadBalancerArn: lb.ARN, Type: "application", Scheme: "internet-facing", SecurityGroups: slices.Clone(lb.SecurityGroups)})
		}
		return out, nil
	default:
		return nil, errorf("InvalidAction", "fakeaws: ELBv2 "+action+" is not faked")
	}
}

func (s *Server) targetGroupByARN(arn string) *TargetGroup {
	for _, tg := range s.targetGroups {
		if tg.ARN == arn {
			return tg
		}
	}
	return nil
}
