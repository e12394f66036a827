package release

import (
	"context"
	"fmt"
	"strconv"
)

// historyWindow is how many task definition revisions below the newer of
// the two compared CompareImages's history looks at.
const historyWindow = 50

// DowngradeError says a release would deploy a task definition older than
// the one production runs, and nobody asked for it; nothing was deployed.
type DowngradeError struct {
	Images Images
}

func (e *DowngradeError) Error() string {
	i := e.Images
	return fmt.Sprintf("release: refusing to go back: the outputs name %s (%s), but production runs %s (%s), and %s. "+
		"Are the outputs from a `pulumi up` of a checkout whose stack file has an older image? "+
		"Set the stack's image to the one to release and run `pulumi up` again (or release with --image IMAGE). "+
		"To go back on purpose: `release rollback` (the previous revision, or --to %s), or --allow-downgrade",
		shortARN(i.TaskDefinitionARN), i.Image, shortARN(i.ProductionTaskDefinitionARN), i.ProductionImage, i.Reason, i.TaskDefinitionARN)
}

// CompareImages says how the task definition a release deploys compares
// with the one production runs (ev's ARNs and images): ImagesUnchanged (the
// same revision), ImagesOlder (a lower revision of the same family, or an
// image whose first revision, in firstRevision, is below the first revision
// of production's image), ImagesSameImage, or ImagesNew. firstRevision maps
// images to the lowest revision of the family known to run them; it may be
// empty. reason says why an image is older.
func CompareImages(ev Images, firstRevision map[string]int) (comparison, reason string) {
	if ev.TaskDefinitionARN == ev.ProductionTaskDefinitionARN {
		return ImagesUnchanged, ""
	}
	next, errNext := ParseTaskDefinitionARN(ev.TaskDefinitionARN)
	prod, errProd := ParseTaskDefinitionARN(ev.ProductionTaskDefinitionARN)
	sameFamily := errNext == nil && errProd == nil && next.Family == prod.Family
	if sameFamily && next.Revision < prod.Revision {
		return ImagesOlder, fmt.Sprintf("revision %d is older than production's %d", next.Revision, prod.Revision)
	}
	if ev.Image == ev.ProductionImage {
		return ImagesSameImage, ""
	}
	a, okA := firstRevision[ev.Image]
	b, okB := firstRevision[ev.ProductionImage]
	if sameFamily && okA && okB && a < b {
		return ImagesOlder, fmt.Sprintf("its image was first registered in revision %d, before production's image (revision %d)", a, b)
	}
	return ImagesNew, ""
}

// imageOf is the image of the named container, or "".
func imageOf(td TaskDefinition, container string) string {
	for _, c := range td.Containers {
		if c.Name == container {
			return c.Image
		}
	}
	return ""
}

// compareImages describes production's task definition and compares next
// with it. A newer revision of the same family with another image is
// checked against the family's earlier revisions (up to historyWindow of
// them, described only when the two are not adjacent): an image registered
// before production's is older.
func (r *Releaser) compareImages(ctx context.Context, next TaskDefinition, prodARN, container string) (Images, error) {
	prod, err := r.describeTaskDefinition(ctx, prodARN)
	if err != nil {
		return Images{}, err
	}
	ev := Images{
		TaskDefinitionARN: next.ARN, Image: imageOf(next, container),
		ProductionTaskDefinitionARN: prodARN, ProductionImage: imageOf(prod, container),
	}
	var first map[string]int
	nextID, errNext := ParseTaskDefinitionARN(next.ARN)
	prodID, errProd := ParseTaskDefinitionARN(prodARN)
	if errNext == nil && errProd == nil && nextID.Family == prodID.Family &&
		nextID.Revision > prodID.Revision && ev.Image != ev.ProductionImage {
		known := map[int]string{nextID.Revision: ev.Image, prodID.Revision: ev.ProductionImage}
		if first, err = r.firstRevisions(ctx, nextID, container, known, ev.Image, ev.ProductionImage); err != nil {
			return Images{}, err
		}
	}
	ev.Comparison, ev.Reason = CompareImages(ev, first)
	return ev, nil
}

// firstRevisions walks the revisions of newest's family upwards from
// historyWindow below it until both images were seen, and returns the first
// revision of each image seen. known are revisions already described;
// revisions that cannot be described (deleted) are skipped.
func (r *Releaser) firstRevisions(ctx context.Context, newest TaskDefinitionID, container string, known map[int]string, images ...string) (map[string]int, error) {
	first := map[string]int{}
	for rev := max(1, newest.Revision-historyWindow); rev <= newest.Revision; rev++ {
		img, ok := known[rev]
		if !ok {
			out, err := r.describeTaskDefinition(ctx, newest.Family+":"+strconv.Itoa(rev))
			if err != nil {
				if apiErrorCode(err) == "ClientException" {
					continue // deleted, or never registered
				}
				return nil, err
			}
			img = imageOf(out, container)
		}
		if _, seen := first[img]; !seen && img != "" {
			first[img] = rev
		}
		all := true
		for _, want := range images {
			if _, ok := first[want]; !ok {
				all = false
			}
		}
		if all {
			break
		}
	}
	return first, nil
}
