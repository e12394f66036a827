package fakeaws

import (
	"slices"
	"strconv"
	"strings"
)

func (s *Server) ecs(action string, in map[string]any) (any, *apiError) {
	switch action {
	case "DescribeTaskDefinition":
		want := str(in, "taskDefinition")
		for _, td := range s.taskDefs {
			family, rev := familyRevision(td.ARN)
			if td.ARN == want || family+":"+rev == want {
				return map[string]any{"taskDefinition": taskDefinitionJSON(td)}, nil
			}
		}
		return nil, errorf("ClientException", "Unable to describe task definition.")
	case "DescribeServices":
		cluster := str(in, "cluster")
		out := map[string]any{"services": []any{}, "failures": []any{}}
		for _, name := range strs(in, "services") {
			svc, ok := s.services[cluster+"/"+name]
			arn := "arn:aws:ecs:us-east-1:123456789012:service/" + cluster + "/" + name
			if !ok {
				out["failures"] = append(out["failures"].([]any), map[string]any{"arn": arn, "reason": "MISSING"})
				continue
			}
			out["services"] = append(out["services"].([]any), serviceJSON(svc, arn))
		}
		return out, nil
	case "DescribeClusters":
		out := map[string]any{"clusters": []any{}, "failures": []any{}}
		for _, name := range strs(in, "clusters") {
			c, ok := s.clusters[name]
			arn := "arn:aws:ecs:us-east-1:123456789012:cluster/" + name
			if !ok {
				out["failures"] = append(out["failures"].([]any), map[string]any{"arn": arn, "reason": "MISSING"})
				continue
			}
			out["clusters"] = append(out["clusters"].([]any), map[string]any{
				"clusterName": c.Name, "clusterArn": arn, "status": "ACTIVE", "capacityProviders": slices.Clone(c.CapacityProviders),
			})
		}
		return out, nil
	case "DescribeCapacityProviders":
		out := map[string]any{"capacityProviders": []any{}, "failures": []any{}}
		for _, name := range strs(in, "capacityProviders") {
			cp, ok := s.capacityProviders[name]
			arn := "arn:aws:ecs:us-east-1:123456789012:capacity-provider/" + name
			if !ok {
				out["failures"] = append(out["failures"].([]any), map[string]any{"arn": arn, "reason": "MISSING"})
				continue
			}
			p := map[string]any{"name": cp.Name, "capacityProviderArn": arn, "status": "ACTIVE", "type": "EC2_AUTOSCALING"}
			if cp.AutoScalingGroupARN != "" {
				p["autoScalingGroupProvider"] = map[string]any{"autoScalingGroupArn": cp.AutoScalingGroupARN, "managedTerminationProtection": "ENABLED"}
			}
			out["capacityProviders"] = append(out["capacityProviders"].([]any), p)
		}
		return out, nil
	case "ListTaskDefinitions":
		prefix, status := str(in, "familyPrefix"), str(in, "status")
		var arns []string
		for _, td := range s.taskDefs {
			family, _ := familyRevision(td.ARN)
			if strings.HasPrefix(family, prefix) && (status == "" || td.Status == status) {
				arns = append(arns, td.ARN)
			}
		}
		slices.SortFunc(arns, func(a, b string) int {
			_, ra := familyRevision(a)
			_, rb := familyRevision(b)
			na, _ := strconv.Atoi(ra)
			nb, _ := strconv.Atoi(rb)
			return na - nb
		})
		if str(in, "sort") == "DESC" {
			slices.Reverse(arns)
		}
		return map[string]any{"taskDefinitionArns": arns}, nil
	default:
		return nil, errorf("UnknownOperationException", "fakeaws: ECS "+action+" is not faked")
	}
}

func serviceJSON(svc *Service, arn string) map[string]any {
	out := map[string]any{
		"serviceName": svc.Name, "serviceArn": arn, "status": "ACTIVE", "taskDefinition": svc.TaskDefinition,
		"desiredCount":         svc.DesiredCount,
		"deploymentController": map[string]any{"type": svc.Controller},
		"taskSets":             []any{map[string]any{"id": "ecs-svc/primary", "status": "PRIMARY", "taskDefinition": svc.TaskDefinition}},
	}
	var lbs []any
	for _, lb := range svc.LoadBalancers {
		lbs = append(lbs, map[string]any{"targetGroupArn": lb.TargetGroupARN, "containerName": lb.ContainerName, "containerPort": lb.ContainerPort})
	}
	if lbs != nil {
		out["loadBalancers"] = lbs
	}
	var cps []any
	for _, cp := range svc.CapacityProviders {
		cps = append(cps, map[string]any{"capacityProvider": cp, "weight": 1, "base": 0})
	}
	if cps != nil {
		out["capacityProviderStrategy"] = cps
	}
	return out
}

// familyRevision splits a task definition ARN's family:revision.
func familyRevision(arn string) (family, revision string) {
	res := arn[strings.LastIndex(arn, "/")+1:]
	family, revision, _ = strings.Cut(res, ":")
	return family, revision
}

func taskDefinitionJSON(td TaskDefinition) map[string]any {
	family, rev := familyRevision(td.ARN)
	n, _ := strconv.Atoi(rev)
	var containers []any
	for _, c := range td.Containers {
		var ports []any
		for _, p := range c.Ports {
			ports = append(ports, map[string]any{"containerPort": p[0], "hostPort": p[1], "protocol": "tcp"})
		}
		def := map[string]any{"name": c.Name, "image": c.Image, "essential": true, "portMappings": ports, "cpu": c.CPU}
		if c.Memory > 0 {
			def["memory"] = c.Memory
		}
		if c.MemoryReservation > 0 {
			def["memoryReservation"] = c.MemoryReservation
		}
		if len(c.Environment) > 0 {
			var env []any
			for _, kv := range c.Environment {
				env = append(env, map[string]any{"name": kv[0], "value": kv[1]})
			}
			def["environment"] = env
		}
		containers = append(containers, def)
	}
	out := map[string]any{
		"taskDefinitionArn":    td.ARN,
		"family":               family,
		"revision":             n,
		"status":               td.Status,
		"containerDefinitions": containers,
	}
	if td.NetworkMode != "" {
		out["networkMode"] = td.NetworkMode
	}
	if td.CPU != "" {
		out["cpu"] = td.CPU
	}
	if td.Memory != "" {
		out["memory"] = td.Memory
	}
	return out
}
