package release

import (
	"context"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/codedeploy"
	cdtypes "github.com/aws/aws-sdk-go-v2/service/codedeploy/types"
)

// Parts of the default timeout, and what follows a deadline.
const (
	// StartAllowance is the time a default timeout gives the replacement
	// tasks to be placed, start, and pass the target group's health checks
	// (CodeDeploy's BeforeInstall to AfterAllowTestTraffic).
	StartAllowance = 15 * time.Minute
	// UnknownShiftAllowance is the traffic-shifting time assumed for a
	// deployment configuration whose schedule cannot be read.
	UnknownShiftAllowance = time.Hour
	// RollbackGrace is how long a command still follows the rollback of a
	// deployment it stopped at the deadline before it leaves the rollback
	// going.
	RollbackGrace = 10 * time.Minute
	// stopBudget is how long a stop request is retried while AWS throttles
	// or cannot be reached.
	stopBudget = time.Minute
)

// Timing is how long a deployment group's deployments wait by design: the
// approval wait after test traffic (deploymentReadyOption), the deployment
// configuration's traffic shifting, and the original task set's
// termination wait.
type Timing struct {
	ReadyWait, Shift, TerminationWait time.Duration
}

// Timeout is the default timeout of a release that follows a deployment to
// g: StartAllowance, plus the approval wait and the traffic shifting unless
// g stops before production traffic moves, plus the termination wait when g
// follows the deployment to its end (no StopAfter, no SkipWait). The event
// has no Deadline yet.
func (t Timing) Timeout(g Goal) DeadlineSet {
	d := DeadlineSet{Default: true, StartSeconds: StartAllowance.Seconds()}
	if g.StopAfter == "" || !beforeProductionTraffic(g.StopAfter) {
		d.ApprovalWaitSeconds = t.ReadyWait.Seconds()
		d.TrafficShiftSeconds = t.Shift.Seconds()
	}
	if g.StopAfter == "" && !g.SkipWait {
		d.TerminationWaitSeconds = t.TerminationWait.Seconds()
	}
	d.TimeoutSeconds = d.StartSeconds + d.ApprovalWaitSeconds + d.TrafficShiftSeconds + d.TerminationWaitSeconds
	return d
}

// timingOf reads a deployment group's waits; shift is its configuration's.
func timingOf(g *cdtypes.DeploymentGroupInfo, shift time.Duration) Timing {
	t := Timing{Shift: shift}
	if bg := g.BlueGreenDeploymentConfiguration; bg != nil {
		if r := bg.DeploymentReadyOption; r != nil {
			t.ReadyWait = time.Duration(r.WaitTimeInMinutes) * time.Minute
		}
		if term := bg.TerminateBlueInstancesOnDeploymentSuccess; term != nil && term.Action != cdtypes.InstanceActionKeepAlive {
			t.TerminationWait = time.Duration(term.TerminationWaitTimeInMinutes) * time.Minute
		}
	}
	return t
}

// ShiftDuration is how long a traffic routing configuration takes to move
// all production traffic: nothing for all at once, the interval for a
// canary, and one interval per step for linear shifting (10% every minute:
// 10 minutes). ok is false when the configuration says neither.
func ShiftDuration(c *cdtypes.TrafficRoutingConfig) (d time.Duration, ok bool) {
	if c == nil {
		return 0, false
	}
	switch c.Type {
	case cdtypes.TrafficRoutingTypeAllAtOnce:
		return 0, true
	case cdtypes.TrafficRoutingTypeTimeBasedCanary:
		if c.TimeBasedCanary != nil {
			return time.Duration(c.TimeBasedCanary.CanaryInterval) * time.Minute, true
		}
	case cdtypes.TrafficRoutingTypeTimeBasedLinear:
		if l := c.TimeBasedLinear; l != nil && l.LinearPercentage > 0 {
			steps := math.Ceil(100 / float64(l.LinearPercentage))
			return time.Duration(steps) * time.Duration(l.LinearInterval) * time.Minute, true
		}
	}
	return 0, false
}

var (
	canaryName = regexp.MustCompile(`Canary(\d+)Percent(\d+)Minutes?$`)
	linearName = regexp.MustCompile(`Linear(\d+)PercentEvery(\d+)Minutes?$`)
)

// shiftFromName reads the schedule from a predefined configuration's name
// (CodeDeployDefault.ECSCanary10Percent5Minutes), when the configuration
// itself cannot be read.
func shiftFromName(name string) (time.Duration, bool) {
	if m := canaryName.FindStringSubmatch(name); m != nil {
		n, _ := strconv.Atoi(m[2])
		return time.Duration(n) * time.Minute, true
	}
	if m := linearName.FindStringSubmatch(name); m != nil {
		pct, _ := strconv.Atoi(m[1])
		n, _ := strconv.Atoi(m[2])
		if pct > 0 {
			return time.Duration(math.Ceil(100/float64(pct))) * time.Duration(n) * time.Minute, true
		}
	}
	if len(name) >= len("AllAtOnce") && name[len(name)-len("AllAtOnce"):] == "AllAtOnce" {
		return 0, true
	}
	return 0, false
}

// timed is a deployment group's timing, and the warning to report when
// its configuration could not be read.
type timed struct {
	Timing
	warning *Warning
}

// timing reads the waits of deployment group g and its configuration's
// traffic shifting; a configuration that cannot be read is assumed to take
// UnknownShiftAllowance, with a warning.
func (r *Releaser) timing(ctx context.Context, g *cdtypes.DeploymentGroupInfo) timed {
	name := aws.ToString(g.DeploymentConfigName)
	out, err := r.Clients.CodeDeploy.GetDeploymentConfig(ctx, &codedeploy.GetDeploymentConfigInput{DeploymentConfigName: aws.String(name)})
	if err == nil && out.DeploymentConfigInfo != nil {
		if d, ok := ShiftDuration(out.DeploymentConfigInfo.TrafficRoutingConfig); ok {
			return timed{Timing: timingOf(g, d)}
		}
	}
	if d, ok := shiftFromName(name); ok {
		return timed{Timing: timingOf(g, d)}
	}
	why := "it names no traffic routing"
	if err != nil {
		why = err.Error()
	}
	warning := Warning{Message: fmt.Sprintf("codedeploy: deployment configuration %q: %s; the default timeout assumes %s of traffic shifting (pass --timeout)", name, why, formatDuration(UnknownShiftAllowance))}
	return timed{Timing: timingOf(g, UnknownShiftAllowance), warning: &warning}
}

// startDeadline reports and returns the deadline of a command that follows
// a deployment of group g to goal: r.Start plus r.Timeout when a timeout is
// set, else now plus the group's default timeout.
func (r *Releaser) startDeadline(ctx context.Context, g *cdtypes.DeploymentGroupInfo, goal Goal) time.Time {
	return r.setDeadline(goal, func() timed { return r.timing(ctx, g) })
}

// setDeadline is startDeadline with the group's timing from timing, which
// it calls only without a timeout set.
func (r *Releaser) setDeadline(goal Goal, timing func() timed) time.Time {
	now := r.clock().Now()
	if r.Timeout > 0 {
		start := r.Start
		if start.IsZero() {
			start = now
		}
		ev := DeadlineSet{Deadline: start.Add(r.Timeout), TimeoutSeconds: r.Timeout.Seconds()}
		r.Reporter.Report(ev)
		return ev.Deadline
	}
	t := timing()
	if t.warning != nil {
		r.Reporter.Report(*t.warning)
	}
	ev := t.Timeout(goal)
	ev.Deadline = now.Add(secondsDuration(ev.TimeoutSeconds))
	r.Reporter.Report(ev)
	return ev.Deadline
}
