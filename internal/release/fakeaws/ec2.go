package fakeaws

import (
	"encoding/xml"
	"net/url"
	"slices"
	"strings"
)

const (
	ec2XMLNS         = "http://ec2.amazonaws.com/doc/2016-11-15/"
	autoScalingXMLNS = "http://autoscaling.amazonaws.com/doc/2011-01-01/"
)

type xmlAutoScalingGroups struct {
	XMLName   xml.Name              `xml:"DescribeAutoScalingGroupsResponse"`
	Xmlns     string                `xml:"xmlns,attr"`
	Groups    []xmlAutoScalingGroup `xml:"DescribeAutoScalingGroupsResult>AutoScalingGroups>member"`
	RequestID string                `xml:"ResponseMetadata>RequestId"`
}

type xmlAutoScalingGroup struct {
	AutoScalingGroupName string
	AutoScalingGroupARN  string
	MinSize              int
	MaxSize              int
	DesiredCapacity      int
	LaunchTemplateID     string `xml:"LaunchTemplate>LaunchTemplateId"`
	Version              string `xml:"LaunchTemplate>Version"`
}

func (s *Server) autoScaling(action string, form url.Values) (any, *apiError) {
	switch action {
	case "DescribeAutoScalingGroups":
		out := xmlAutoScalingGroups{Xmlns: autoScalingXMLNS, RequestID: "fake"}
		for _, name := range members(form, "AutoScalingGroupNames.member") {
			g, ok := s.autoScalingGroups[name]
			if !ok {
				continue // AWS leaves unknown names out
			}
			version := g.Version
			if version == "" {
				version = "$Default"
			}
			out.Groups = append(out.Groups, xmlAutoScalingGroup{
				AutoScalingGroupName: g.Name, AutoScalingGroupARN: g.ARN, MinSize: g.MinSize, MaxSize: g.MaxSize, DesiredCapacity: g.MinSize,
				LaunchTemplateID: g.LaunchTemplateID, Version: version,
			})
		}
		return out, nil
	default:
		return nil, errorf("InvalidAction", "fakeaws: Auto Scaling "+action+" is not faked")
	}
}

type xmlItems struct {
	Items []string `xml:"item"`
}

type xmlLaunchTemplateVersions struct {
	XMLName   xml.Name                   `xml:"DescribeLaunchTemplateVersionsResponse"`
	Xmlns     string                     `xml:"xmlns,attr"`
	RequestID string                     `xml:"requestId"`
	Versions  []xmlLaunchTemplateVersion `xml:"launchTemplateVersionSet>item"`
}

type xmlLaunchTemplateVersion struct {
	LaunchTemplateID string   `xml:"launchTemplateId"`
	VersionNumber    int      `xml:"versionNumber"`
	DefaultVersion   bool     `xml:"defaultVersion"`
	InstanceType     string   `xml:"launchTemplateData>instanceType"`
	SecurityGroupIDs xmlItems `xml:"launchTemplateData>securityGroupIdSet"`
}

type xmlSecurityGroups struct {
	XMLName   xml.Name           `xml:"DescribeSecurityGroupsResponse"`
	Xmlns     string             `xml:"xmlns,attr"`
	RequestID string             `xml:"requestId"`
	Groups    []xmlSecurityGroup `xml:"securityGroupInfo>item"`
}

type xmlSecurityGroup struct {
	GroupID     string          `xml:"groupId"`
	GroupName   string          `xml:"groupName"`
	Permissions []xmlPermission `xml:"ipPermissions>item"`
}

type xmlPermission struct {
	IPProtocol string         `xml:"ipProtocol"`
	FromPort   *int           `xml:"fromPort,omitempty"`
	ToPort     *int           `xml:"toPort,omitempty"`
	Groups     []xmlGroupPair `xml:"groups>item"`
}

type xmlGroupPair struct {
	GroupID string `xml:"groupId"`
}

type xmlInstanceTypes struct {
	XMLName   xml.Name          `xml:"DescribeInstanceTypesResponse"`
	Xmlns     string            `xml:"xmlns,attr"`
	RequestID string            `xml:"requestId"`
	Types     []xmlInstanceType `xml:"instanceTypeSet>item"`
}

type xmlInstanceType struct {
	InstanceType string `xml:"instanceType"`
	VCPUs        int    `xml:"vCpuInfo>defaultVCpus"`
	MemoryMiB    int    `xml:"memoryInfo>sizeInMiB"`
}

func (s *Server) ec2(action string, form url.Values) (any, *apiError) {
	switch action {
	case "DescribeLaunchTemplateVersions":
		id := form.Get("LaunchTemplateId")
		lt, ok := s.launchTemplates[id]
		if !ok {
			return nil, errorf("InvalidLaunchTemplateId.NotFound", "The specified launch template, with template ID "+id+", does not exist.")
		}
		out := xmlLaunchTemplateVersions{Xmlns: ec2XMLNS, RequestID: "fake"}
		out.Versions = append(out.Versions, xmlLaunchTemplateVersion{
			LaunchTemplateID: lt.ID, VersionNumber: 1, DefaultVersion: true, InstanceType: lt.InstanceType,
			SecurityGroupIDs: xmlItems{Items: slices.Clone(lt.SecurityGroups)},
		})
		return out, nil
	case "DescribeSecurityGroups":
		out := xmlSecurityGroups{Xmlns: ec2XMLNS, RequestID: "fake"}
		for _, id := range members(form, "GroupId") {
			sg, ok := s.securityGroups[id]
			if !ok {
				return nil, errorf("InvalidGroup.NotFound", "The security group '"+id+"' does not exist")
			}
			g := xmlSecurityGroup{GroupID: sg.ID, GroupName: strings.TrimPrefix(sg.ID, "sg-")}
			for _, in := range sg.Ingress {
				p := xmlPermission{IPProtocol: in.Protocol, Groups: []xmlGroupPair{{GroupID: in.SourceGroup}}}
				if in.Protocol != "-1" {
					from, to := in.From, in.To
					p.FromPort, p.ToPort = &from, &to
				}
				g.Permissions = append(g.Permissions, p)
			}
			out.Groups = append(out.Groups, g)
		}
		return out, nil
	case "DescribeInstanceTypes":
		out := xmlInstanceTypes{Xmlns: ec2XMLNS, RequestID: "fake"}
		for _, name := range members(form, "InstanceType") {
			it, ok := s.instanceTypes[name]
			if !ok {
				return nil, errorf("InvalidInstanceType", "The following supplied instance types do not exist: ["+name+"]")
			}
			out.Types = append(out.Types, xmlInstanceType{InstanceType: it.Name, VCPUs: it.VCPUs, MemoryMiB: it.MemoryMiB})
		}
		return out, nil
	default:
		return nil, errorf("InvalidAction", "fakeaws: EC2 "+action+" is not faked")
	}
}
