package release

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/codedeploy"
	cdtypes "github.com/aws/aws-sdk-go-v2/service/codedeploy/types"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
)

// rollbackGracePolls is how many more polls a follower waits for CodeDeploy
// to name the rollback deployment of a deployment that failed or was stopped
// with rollback: rollbackInfo may appear a moment after the status.
const rollbackGracePolls = 3

// maxPollFailures is how many polls in a row may fail (after the SDK's own
// retries) before following gives up: a deployment runs for minutes to
// hours, and one network blip should not abandon it.
const maxPollFailures = 3

// follower polls one deployment (and its rollback) until it ends or reaches
// its goal, reporting every poll.
type follower struct {
	cd       CodeDeployAPI
	elb      ELBAPI
	clock    Clock
	interval time.Duration
	rep      Reporter

	// targetID is the ECS deployment target, "<cluster>:<service>".
	targetID string
	// testURL is shown while test traffic is allowed.
	testURL string
	// fallbackTargetGroup is the replacement target group's name when the
	// task set does not say.
	fallbackTargetGroup string

	// stopped says StopDeployment with rollback was already sent for the
	// deployment to follow (release rollback).
	stopped bool

	targetGroupARNs map[string]string
	warned          map[string]bool
}

// followed is what following saw last.
type followed struct {
	// main is the last poll of the deployment followed.
	main *Snapshot
	// rollback is the last poll of its rollback deployment, when one ran.
	rollback *Snapshot
	// outcome is the decision that ended following.
	outcome Outcome
	// stopped says StopDeployment was sent (after an interrupt).
	stopped bool
}

// follow polls deployment id every interval until Decide says done. When
// stop delivers, it stops the deployment with rollback (once) and follows
// the rollback; when ctx ends, it returns OutcomeAbandoned. A rollback
// deployment is followed with Goal{Rollback: true}.
func (f *follower) follow(ctx context.Context, id string, goal Goal, stop <-chan struct{}) (followed, error) {
	res := followed{stopped: f.stopped}
	current := id
	seen := map[string]bool{id: true}
	terminationWaitEnded, approvalHinted := false, false
	grace := rollbackGracePolls
	failures := 0
	for {
		snap, err := f.poll(ctx, current)
		if err != nil {
			if ctx.Err() != nil {
				res.outcome = OutcomeAbandoned
				return res, nil
			}
			if failures++; failures >= maxPollFailures {
				return res, err
			}
			f.rep.Note(fmt.Sprintf("warning: %v (trying again)", err))
			select {
			case <-ctx.Done():
				res.outcome = OutcomeAbandoned
				return res, nil
			case <-f.clock.After(f.interval):
			}
			continue
		}
		failures = 0
		f.rep.Observe(&snap)
		if current == id {
			res.main = &snap
		} else {
			res.rollback = &snap
		}

		d := Decide(&snap, goal, terminationWaitEnded)
		if d.FollowRollback != "" {
			if !seen[d.FollowRollback] {
				seen[d.FollowRollback] = true
				f.rep.Note(fmt.Sprintf("following rollback deployment %s", d.FollowRollback))
				current = d.FollowRollback
				goal = Goal{Rollback: true}
				continue
			}
			d = Decision{Done: true, Outcome: OutcomeFailed}
			if snap.Status == StatusStopped {
				d.Outcome = OutcomeStopped
			}
		}
		if d.Done {
			waitForRollback := current == id && (snap.Status == StatusFailed || snap.Status == StatusStopped) &&
				snap.Rollback == nil && (res.stopped || snap.autoRollback)
			if !waitForRollback || grace == 0 {
				res.outcome = d.Outcome
				return res, nil
			}
			grace--
		}
		if d.EndTerminationWait {
			if err := f.continueDeployment(ctx, current, cdtypes.DeploymentWaitTypeTerminationWait); err != nil {
				f.warn(fmt.Sprintf("ending the termination wait of %s: %v (trying again)", current, err))
			} else {
				terminationWaitEnded = true
				f.rep.Note(fmt.Sprintf("ended the termination wait of %s: the original task set is being removed", current))
			}
		}
		if d.AwaitingApproval && !approvalHinted {
			approvalHinted = true
			f.rep.Note(fmt.Sprintf("deployment %s waits for approval before it moves production traffic: `release continue %s`", current, current))
		}

		select {
		case <-ctx.Done():
			res.outcome = OutcomeAbandoned
			return res, nil
		case <-stop:
			stop = nil
			if current != id {
				f.rep.Note(fmt.Sprintf("deployment %s is already a rollback; following it to its end", current))
				continue
			}
			// The stop must reach AWS even though the user is leaving.
			if err := f.stopDeployment(context.WithoutCancel(ctx), current); err != nil {
				f.rep.Note(fmt.Sprintf("stopping deployment %s: %v", current, err))
				continue
			}
			res.stopped = true
			f.rep.Note(fmt.Sprintf("stopping deployment %s with rollback (interrupt again to stop waiting for the rollback)", current))
		case <-f.clock.After(f.interval):
		}
	}
}

// poll reads the deployment, its ECS target and the replacement targets'
// health. Only GetDeployment's errors are fatal: the target does not exist
// before the deployment starts, and health is for display.
func (f *follower) poll(ctx context.Context, id string) (Snapshot, error) {
	out, err := f.cd.GetDeployment(ctx, &codedeploy.GetDeploymentInput{DeploymentId: aws.String(id)})
	if err != nil {
		return Snapshot{}, fmt.Errorf("codedeploy: reading deployment %s: %w", id, err)
	}
	if out.DeploymentInfo == nil {
		return Snapshot{}, fmt.Errorf("codedeploy: reading deployment %s: no deployment in the answer", id)
	}
	s := snapshotOf(out.DeploymentInfo)
	if s.Status == StatusCreated || s.Status == StatusQueued {
		return s, nil
	}
	t, err := f.cd.GetDeploymentTarget(ctx, &codedeploy.GetDeploymentTargetInput{
		DeploymentId: aws.String(id),
		TargetId:     aws.String(f.targetID),
	})
	switch {
	case err != nil && ctx.Err() != nil:
		return s, ctx.Err()
	case err != nil:
		if code := apiErrorCode(err); code != "DeploymentTargetDoesNotExistException" && code != "DeploymentNotStartedException" {
			f.warn(fmt.Sprintf("codedeploy: reading target %s of %s: %v", f.targetID, id, err))
		}
	case t.DeploymentTarget != nil && t.DeploymentTarget.EcsTarget != nil:
		s.addTarget(t.DeploymentTarget.EcsTarget)
	}
	if g := s.Replacement(); g != nil && !s.Terminal() {
		tg := g.TargetGroup
		if tg == "" {
			tg = f.fallbackTargetGroup
		}
		if tg != "" {
			s.TargetGroup = tg
			health, err := f.targetHealth(ctx, tg)
			if err != nil {
				if ctx.Err() != nil {
					return s, ctx.Err()
				}
				f.warn(fmt.Sprintf("elbv2: health of target group %s: %v", tg, err))
			}
			s.Targets = health
		}
	}
	if f.testURL != "" && s.TestTrafficAllowed() {
		s.TestURL = f.testURL
	}
	return s, nil
}

// targetHealth is DescribeTargetHealth of the named target group.
func (f *follower) targetHealth(ctx context.Context, name string) ([]TargetHealth, error) {
	arn, ok := f.targetGroupARNs[name]
	if !ok {
		out, err := f.elb.DescribeTargetGroups(ctx, &elbv2.DescribeTargetGroupsInput{Names: []string{name}})
		if err != nil {
			return nil, err
		}
		if len(out.TargetGroups) == 0 {
			return nil, fmt.Errorf("no target group named %s", name)
		}
		arn = aws.ToString(out.TargetGroups[0].TargetGroupArn)
		if f.targetGroupARNs == nil {
			f.targetGroupARNs = map[string]string{}
		}
		f.targetGroupARNs[name] = arn
	}
	out, err := f.elb.DescribeTargetHealth(ctx, &elbv2.DescribeTargetHealthInput{TargetGroupArn: aws.String(arn)})
	if err != nil {
		return nil, err
	}
	return targetHealthOf(out.TargetHealthDescriptions), nil
}

func (f *follower) stopDeployment(ctx context.Context, id string) error {
	_, err := f.cd.StopDeployment(ctx, &codedeploy.StopDeploymentInput{
		DeploymentId:        aws.String(id),
		AutoRollbackEnabled: aws.Bool(true),
	})
	if err != nil {
		return fmt.Errorf("codedeploy: %w", err)
	}
	return nil
}

func (f *follower) continueDeployment(ctx context.Context, id string, wait cdtypes.DeploymentWaitType) error {
	_, err := f.cd.ContinueDeployment(ctx, &codedeploy.ContinueDeploymentInput{
		DeploymentId:       aws.String(id),
		DeploymentWaitType: wait,
	})
	if err != nil {
		return fmt.Errorf("codedeploy: %w", err)
	}
	return nil
}

// warn notes msg once.
func (f *follower) warn(msg string) {
	if f.warned == nil {
		f.warned = map[string]bool{}
	}
	if !f.warned[msg] {
		f.warned[msg] = true
		f.rep.Note("warning: " + msg)
	}
}
