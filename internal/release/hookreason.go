package release

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/ecs-bluegreen/ecs-bluegreen/validation/hookspec"
)

// The lookup of a failed validation's reason in the function's log group.
// CodeDeploy's API carries no reason, and CloudWatch Logs is eventually
// consistent: the function's line may arrive seconds after CodeDeploy
// reports the failure. The lookup holds the release for at most
// reasonBudget and never fails it.
const (
	// reasonBudget bounds the whole lookup, in the release's clock and, as
	// a guard against a call that hangs, in real time.
	reasonBudget = 10 * time.Second
	// reasonWait is the pause between two reads of the log group.
	reasonWait = 2 * time.Second
	// reasonPages is how many pages one read asks for: FilterLogEvents may
	// answer empty pages while it searches.
	reasonPages = 3
	// reasonSkew reaches back before the deployment's creation, for
	// clocks that disagree.
	reasonSkew = time.Minute
)

// withHookReason returns v, the failed validation of deployment snap, with
// the function's own reason when its log group has it (Reason, and
// ReasonMissing ""), or with ReasonMissing saying why not: no client, no
// line within reasonBudget, an error such as AccessDenied. Reason then
// stays CodeDeploy's.
func (f *follower) withHookReason(ctx context.Context, snap *Snapshot, v Validation) Validation {
	if f.logs == nil {
		v.ReasonMissing = "no CloudWatch Logs client"
		return v
	}
	ctx, cancel := context.WithTimeout(ctx, reasonBudget)
	defer cancel()
	reason, missing := f.hookReason(ctx, snap.DeploymentID, v.LogGroup, snap.Created)
	if missing != "" {
		v.ReasonMissing = missing
		return v
	}
	v.Reason, v.ReasonMissing = reason, ""
	return v
}

// hookReason reads the log group until it holds a Failed verdict of
// deployment id, every reasonWait within reasonBudget. It returns the
// newest verdict's reason, or why there is none.
func (f *follower) hookReason(ctx context.Context, id, group string, created time.Time) (reason, missing string) {
	pattern := hookspec.FilterPattern(id)
	if pattern == "" {
		return "", fmt.Sprintf("%q is not a deployment id", id)
	}
	in := &cloudwatchlogs.FilterLogEventsInput{LogGroupName: aws.String(group), FilterPattern: aws.String(pattern)}
	if !created.IsZero() {
		in.StartTime = aws.Int64(created.Add(-reasonSkew).UnixMilli())
	}
	start := f.clock.Now()
	for {
		v, found, more, err := f.readVerdict(ctx, in, id)
		switch {
		case found:
			return v.Reason, ""
		case ctx.Err() != nil:
			return "", cutShort(ctx)
		case err != nil && !Retryable(err):
			return "", fmt.Sprintf("FilterLogEvents: %s", describeLogsError(err))
		}
		waited := f.clock.Now().Sub(start)
		if waited+reasonWait >= reasonBudget {
			if err != nil {
				return "", fmt.Sprintf("FilterLogEvents: %s", describeLogsError(err))
			}
			missing := fmt.Sprintf("no verdict of %s in the log group after %s", id, formatDuration(waited))
			if more {
				missing += fmt.Sprintf(" (each read stopped after %d pages)", reasonPages)
			}
			return "", missing
		}
		select {
		case <-ctx.Done():
			return "", cutShort(ctx)
		case <-f.clock.After(reasonWait):
		}
	}
}

// readVerdict reads at most reasonPages pages of in's events and returns
// the newest Failed verdict of deployment id among them; more says pages
// were left.
func (f *follower) readVerdict(ctx context.Context, in *cloudwatchlogs.FilterLogEventsInput, id string) (v hookspec.Verdict, found, more bool, err error) {
	page := *in
	var newest int64
	for range reasonPages {
		out, err := f.logs.FilterLogEvents(ctx, &page)
		if err != nil {
			return v, found, false, err
		}
		for _, e := range out.Events {
			got, ok := hookspec.Parse(aws.ToString(e.Message))
			if ok && got.DeploymentID == id && got.Status == hookspec.Failed && (!found || aws.ToInt64(e.Timestamp) >= newest) {
				v, found, newest = got, true, aws.ToInt64(e.Timestamp)
			}
		}
		more = aws.ToString(out.NextToken) != ""
		if !more {
			break
		}
		page.NextToken = out.NextToken
	}
	return v, found, more, nil
}

// cutShort says why ctx ended the lookup.
func cutShort(ctx context.Context) string {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return fmt.Sprintf("CloudWatch Logs did not answer within %s", reasonBudget)
	}
	return "the lookup was cut short"
}

// describeLogsError is err for ReasonMissing: AWS's code and message.
func describeLogsError(err error) string {
	if code := apiErrorCode(err); code != "" {
		var ae interface{ ErrorMessage() string }
		if errors.As(err, &ae) && ae.ErrorMessage() != "" {
			return code + ": " + strings.TrimSuffix(ae.ErrorMessage(), ".")
		}
		return code
	}
	return err.Error()
}
