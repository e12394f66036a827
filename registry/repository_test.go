package registry_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ecs-bluegreen/ecs-bluegreen/awsmock"
	"github.com/ecs-bluegreen/ecs-bluegreen/registry"
	"github.com/google/go-cmp/cmp"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

const (
	typRepo      = "aws:ecr/repository:Repository"
	typLifecycle = "aws:ecr/lifecyclePolicy:LifecyclePolicy"
	typImage     = "awsx:ecr:Image"
	registryHost = awsmock.Account + ".dkr.ecr." + awsmock.Region + ".amazonaws.com"
)

// ecrMocks answers as the shared mocks do, plus the outputs that ECR and
// awsx compute and the shared mocks do not know: a repository's name,
// repositoryUrl and registryId, and a pushed image's imageUri (by digest,
// as awsx reports it).
type ecrMocks struct{ *awsmock.Mocks }

func (m ecrMocks) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	id, outs, err := m.Mocks.NewResource(args)
	if err != nil || m.DryRun {
		return id, outs, err
	}
	switch args.TypeToken {
	case typRepo:
		// The shared mocks' id is the name AWS would give: the name input,
		// or the logical name with an autonaming suffix.
		outs["name"] = resource.NewProperty(id)
		outs["repositoryUrl"] = resource.NewProperty(registryHost + "/" + id)
		outs["registryId"] = resource.NewProperty(awsmock.Account)
	case typImage:
		url := args.Inputs["repositoryUrl"].StringValue()
		digest := sha256.Sum256([]byte(url + ":" + args.Inputs["imageTag"].StringValue()))
		outs["imageUri"] = resource.NewProperty(url + "@sha256:" + hex.EncodeToString(digest[:]))
	}
	return id, outs, nil
}

type result struct {
	mocks *awsmock.Mocks
	out   map[string]*awsmock.Value
}

func runRepository(t *testing.T, name string, args *registry.RepositoryArgs, dryRun bool) (result, error) {
	t.Helper()
	r := result{mocks: &awsmock.Mocks{DryRun: dryRun}, out: map[string]*awsmock.Value{}}
	err := pulumi.RunErr(func(ctx *pulumi.Context) error {
		repo, err := registry.NewRepository(ctx, name, args)
		if err != nil {
			return err
		}
		r.out["url"] = awsmock.Watch(ctx, repo.RepositoryURL)
		r.out["name"] = awsmock.Watch(ctx, repo.RepositoryName)
		r.out["arn"] = awsmock.Watch(ctx, repo.RepositoryARN)
		r.out["image"] = awsmock.Watch(ctx, repo.ImageURI)
		return nil
	}, pulumi.WithMocks(awsmock.Project, awsmock.Stack, ecrMocks{r.mocks}), func(info *pulumi.RunInfo) {
		info.DryRun = dryRun
	})
	return r, err
}

func mustRunRepository(t *testing.T, name string, args *registry.RepositoryArgs) result {
	t.Helper()
	r, err := runRepository(t, name, args, false)
	if err != nil {
		t.Fatalf("NewRepository(%q, %+v): %v", name, args, err)
	}
	return r
}

// buildContext returns a directory with a Dockerfile and a source file.
func buildContext(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range map[string]string{"Dockerfile": "FROM scratch\nCOPY main.go /\n", "main.go": "package main\n"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestNewRepositoryCounts(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		args *registry.RepositoryArgs
		want map[string]int
	}{
		"nil args":      {args: nil, want: map[string]int{registry.RepositoryType: 1, typRepo: 1, typLifecycle: 1}},
		"no build":      {args: &registry.RepositoryArgs{ForceDelete: true}, want: map[string]int{registry.RepositoryType: 1, typRepo: 1, typLifecycle: 1}},
		"with a build":  {args: &registry.RepositoryArgs{BuildContext: buildContext(t)}, want: map[string]int{registry.RepositoryType: 1, typRepo: 1, typLifecycle: 1, typImage: 1}},
		"tagged build":  {args: &registry.RepositoryArgs{BuildContext: buildContext(t), ImageTag: "v1.2.3"}, want: map[string]int{registry.RepositoryType: 1, typRepo: 1, typLifecycle: 1, typImage: 1}},
		"kms and build": {args: &registry.RepositoryArgs{Encryption: registry.EncryptionKMS, BuildContext: buildContext(t), Platform: "linux/arm64"}, want: map[string]int{registry.RepositoryType: 1, typRepo: 1, typLifecycle: 1, typImage: 1}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r := mustRunRepository(t, "app", tc.args)
			if diff := cmp.Diff(tc.want, r.mocks.CountByType()); diff != "" {
				t.Errorf("resources per type (-want +got):\n%s", diff)
			}
		})
	}
}

func TestNewRepositorySettings(t *testing.T) {
	t.Parallel()
	r := mustRunRepository(t, "app", nil)
	repo, ok := r.mocks.Named(typRepo, "app")
	if !ok {
		t.Fatal("no repository named app")
	}
	got := repo.Inputs.Mappable()
	delete(got, "tags")
	want := map[string]any{
		"imageTagMutability":         "IMMUTABLE",
		"imageScanningConfiguration": map[string]any{"scanOnPush": true},
		"encryptionConfigurations":   []any{map[string]any{"encryptionType": "AES256"}},
		"forceDelete":                false,
		// no "name": Pulumi names the repository app-<random>
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("repository inputs (-want +got):\n%s", diff)
	}
	if got, want := r.out["name"].String(), "app-"; !strings.HasPrefix(got, want) || len(got) != len("app-")+7 {
		t.Errorf("RepositoryName = %q, want app- and Pulumi's 7-character suffix", got)
	}
	name := r.out["name"].String()
	if got, want := r.out["url"].String(), registryHost+"/"+name; got != want {
		t.Errorf("RepositoryURL = %q, want %q", got, want)
	}
	if got, want := r.out["arn"].String(), "arn:aws:ecr:"+awsmock.Region+":"+awsmock.Account+":repository/"+name; got != want {
		t.Errorf("RepositoryARN = %q, want %q", got, want)
	}
	if v, known := r.out["image"].Get(); !known || v != "" {
		t.Errorf("ImageURI without a build = %v (known %v), want a known \"\"", v, known)
	}
}

func TestNewRepositoryOptions(t *testing.T) {
	t.Parallel()
	kms := "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	tests := map[string]struct {
		args           *registry.RepositoryArgs
		wantEncryption map[string]any
		wantName       string // "" means autonamed
		wantForce      bool
	}{
		"a KMS key selects KMS": {
			args:           &registry.RepositoryArgs{KMSKeyARN: pulumi.String(kms)},
			wantEncryption: map[string]any{"encryptionType": "KMS", "kmsKey": kms},
		},
		"KMS with a key": {
			args:           &registry.RepositoryArgs{Encryption: registry.EncryptionKMS, KMSKeyARN: pulumi.String(kms)},
			wantEncryption: map[string]any{"encryptionType": "KMS", "kmsKey": kms},
		},
		"KMS with the AWS managed key": {
			args:           &registry.RepositoryArgs{Encryption: registry.EncryptionKMS},
			wantEncryption: map[string]any{"encryptionType": "KMS"},
		},
		"AES256 explicitly": {
			args:           &registry.RepositoryArgs{Encryption: registry.EncryptionAES256},
			wantEncryption: map[string]any{"encryptionType": "AES256"},
		},
		"a name of its own, force delete": {
			args:           &registry.RepositoryArgs{RepositoryName: "team/sample-app", ForceDelete: true},
			wantEncryption: map[string]any{"encryptionType": "AES256"},
			wantName:       "team/sample-app",
			wantForce:      true,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r := mustRunRepository(t, "app", tc.args)
			repo, _ := r.mocks.Named(typRepo, "app")
			got := repo.Inputs.Mappable()
			if diff := cmp.Diff([]any{tc.wantEncryption}, got["encryptionConfigurations"]); diff != "" {
				t.Errorf("encryptionConfigurations (-want +got):\n%s", diff)
			}
			if got := repo.String("name"); got != tc.wantName {
				t.Errorf("name input = %q, want %q", got, tc.wantName)
			}
			if got["forceDelete"] != tc.wantForce {
				t.Errorf("forceDelete = %v, want %v", got["forceDelete"], tc.wantForce)
			}
			if tc.wantName != "" {
				if got := r.out["url"].String(); got != registryHost+"/"+tc.wantName {
					t.Errorf("RepositoryURL = %q, want the given name", got)
				}
			}
		})
	}
}

func TestNewRepositoryLifecyclePolicy(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		args               *registry.RepositoryArgs
		wantDays, wantKeep int
	}{
		"defaults": {args: nil, wantDays: registry.DefaultUntaggedImageExpiryDays, wantKeep: registry.DefaultKeepTaggedImages},
		"custom":   {args: &registry.RepositoryArgs{UntaggedImageExpiryDays: 1, KeepTaggedImages: 100}, wantDays: 1, wantKeep: 100},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r := mustRunRepository(t, "app", tc.args)
			lp, ok := r.mocks.Named(typLifecycle, "app")
			if !ok {
				t.Fatal("no lifecycle policy named app")
			}
			var doc struct {
				Rules []struct {
					RulePriority int
					Selection    struct {
						TagStatus      string
						TagPatternList []string
						CountType      string
						CountUnit      string
						CountNumber    int
					}
					Action struct{ Type string }
				}
			}
			if err := json.Unmarshal([]byte(lp.String("policy")), &doc); err != nil {
				t.Fatalf("lifecycle policy is not JSON: %v\n%s", err, lp.String("policy"))
			}
			if len(doc.Rules) != 2 {
				t.Fatalf("lifecycle policy has %d rules, want 2: %s", len(doc.Rules), lp.String("policy"))
			}
			untagged, tagged := doc.Rules[0], doc.Rules[1]
			if untagged.Selection.TagStatus != "untagged" || untagged.Selection.CountType != "sinceImagePushed" ||
				untagged.Selection.CountUnit != "days" || untagged.Selection.CountNumber != tc.wantDays || untagged.Action.Type != "expire" {
				t.Errorf("rule 1 = %+v, want untagged images to expire after %d days", untagged, tc.wantDays)
			}
			if tagged.Selection.TagStatus != "tagged" || tagged.Selection.CountType != "imageCountMoreThan" ||
				tagged.Selection.CountNumber != tc.wantKeep || !cmp.Equal(tagged.Selection.TagPatternList, []string{"*"}) || tagged.Action.Type != "expire" {
				t.Errorf("rule 2 = %+v, want all but the last %d tagged images to expire", tagged, tc.wantKeep)
			}
			if untagged.RulePriority >= tagged.RulePriority {
				t.Errorf("rule priorities %d, %d: the untagged rule must come first", untagged.RulePriority, tagged.RulePriority)
			}
			// The policy names the repository by its (generated) name.
			repo, _ := r.mocks.Named(typRepo, "app")
			if got := lp.String("repository"); got != r.out["name"].String() || !slices.Contains(lp.Dependencies, repo.URN) {
				t.Errorf("lifecycle policy repository = %q (dependencies %v), want the repository %q", got, lp.Dependencies, r.out["name"].String())
			}
		})
	}
}

func TestNewRepositoryBuildsImage(t *testing.T) {
	t.Parallel()
	dir := buildContext(t)
	wantTag, err := registry.ContextTag(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	tests := map[string]struct {
		args                  *registry.RepositoryArgs
		wantTag, wantPlatform string
	}{
		"defaults: content tag, amd64": {
			args:    &registry.RepositoryArgs{BuildContext: dir},
			wantTag: wantTag, wantPlatform: "linux/amd64",
		},
		"a tag and platform of the caller's": {
			args:    &registry.RepositoryArgs{BuildContext: dir, ImageTag: "3f2a9c1", Platform: "linux/arm64"},
			wantTag: "3f2a9c1", wantPlatform: "linux/arm64",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r := mustRunRepository(t, "app", tc.args)
			img, ok := r.mocks.Named(typImage, "app")
			if !ok {
				t.Fatal("no image named app")
			}
			url := r.out["url"].String()
			want := map[string]any{"repositoryUrl": url, "context": dir, "imageTag": tc.wantTag, "platform": tc.wantPlatform}
			if diff := cmp.Diff(want, img.Inputs.Mappable()); diff != "" {
				t.Errorf("image inputs (-want +got):\n%s", diff)
			}
			if img.Custom {
				t.Error("the image is registered as a custom resource, want awsx's (remote) component")
			}
			repo, _ := r.mocks.Named(typRepo, "app")
			if !slices.Contains(img.Dependencies, repo.URN) {
				t.Errorf("image dependencies %v lack the repository", img.Dependencies)
			}
			if got := r.out["image"].String(); !strings.HasPrefix(got, url+"@sha256:") {
				t.Errorf("ImageURI = %q, want the image in %s by digest", got, url)
			}
		})
	}
}

func TestNewRepositoryParentsAndTags(t *testing.T) {
	t.Parallel()
	r := mustRunRepository(t, "app", &registry.RepositoryArgs{BuildContext: buildContext(t), Tags: map[string]string{"team": "web", "env": "test"}})
	var comp string
	for _, res := range r.mocks.Resources() {
		if res.Type == registry.RepositoryType {
			comp = res.URN
		}
	}
	if comp == "" {
		t.Fatal("no component registered")
	}
	for _, res := range r.mocks.Resources() {
		if res.Type == registry.RepositoryType {
			continue
		}
		if res.Parent != comp {
			t.Errorf("%s %s has parent %q, want the component", res.Type, res.Name, res.Parent)
		}
		if res.Name != "app" {
			t.Errorf("%s is named %q, want the component's name", res.Type, res.Name)
		}
	}
	repo, _ := r.mocks.Named(typRepo, "app")
	want := map[string]any{"Name": "app", "team": "web", "env": "test"}
	if diff := cmp.Diff(want, repo.Inputs.Mappable()["tags"]); diff != "" {
		t.Errorf("repository tags (-want +got):\n%s", diff)
	}
}

// TestNewRepositoryIsDeterministic registers the same arguments twice: every
// input is the same, so `pulumi up` proposes no change.
func TestNewRepositoryIsDeterministic(t *testing.T) {
	t.Parallel()
	args := &registry.RepositoryArgs{BuildContext: buildContext(t), Tags: map[string]string{"a": "1", "b": "2", "c": "3", "d": "4"}}
	first, second := mustRunRepository(t, "app", args), mustRunRepository(t, "app", args)
	inputs := func(r result) map[string]any {
		out := map[string]any{}
		for _, res := range r.mocks.Resources() {
			out[res.Type+"/"+res.Name] = res.Inputs.Mappable()
		}
		return out
	}
	if diff := cmp.Diff(inputs(first), inputs(second)); diff != "" {
		t.Errorf("two runs register different inputs (-first +second):\n%s", diff)
	}
}

func TestNewRepositoryRejectsBadArgs(t *testing.T) {
	t.Parallel()
	dir := buildContext(t)
	tests := map[string]struct {
		name string
		args *registry.RepositoryArgs
		want []string
	}{
		"uppercase component name":   {name: "App", args: nil, want: []string{`"App" is not a repository name`, "or set RepositoryName"}},
		"bad repository name":        {args: &registry.RepositoryArgs{RepositoryName: "Sample_App"}, want: []string{`RepositoryName "Sample_App"`}},
		"repository name too short":  {args: &registry.RepositoryArgs{RepositoryName: "a"}, want: []string{`RepositoryName "a"`, "2 to 256"}},
		"repository name separators": {args: &registry.RepositoryArgs{RepositoryName: "team//app"}, want: []string{`RepositoryName "team//app"`}},
		"bad encryption":             {args: &registry.RepositoryArgs{Encryption: "SSE"}, want: []string{`Encryption "SSE"`, `"AES256" or "KMS"`}},
		"key with AES256": {
			args: &registry.RepositoryArgs{Encryption: registry.EncryptionAES256, KMSKeyARN: pulumi.String("arn:aws:kms:us-east-1:123456789012:key/x")},
			want: []string{`Encryption "AES256" uses no KMS key, but KMSKeyARN is set: set it to "KMS", or remove KMSKeyARN`},
		},
		"negative expiry":        {args: &registry.RepositoryArgs{UntaggedImageExpiryDays: -1}, want: []string{"UntaggedImageExpiryDays -1", "1 or more"}},
		"negative keep":          {args: &registry.RepositoryArgs{KeepTaggedImages: -5}, want: []string{"KeepTaggedImages -5", "1 or more"}},
		"tag without a build":    {args: &registry.RepositoryArgs{ImageTag: "v1"}, want: []string{`ImageTag "v1" is set without BuildContext`}},
		"platform without build": {args: &registry.RepositoryArgs{Platform: "linux/arm64"}, want: []string{`Platform "linux/arm64" is set without BuildContext`}},
		"bad tag":                {args: &registry.RepositoryArgs{BuildContext: dir, ImageTag: "-latest"}, want: []string{`ImageTag "-latest" is not an image tag`}},
		"bad platform":           {args: &registry.RepositoryArgs{BuildContext: dir, Platform: "windows/amd64"}, want: []string{`Platform "windows/amd64"`, "linux/arm64"}},
		"missing context":        {args: &registry.RepositoryArgs{BuildContext: filepath.Join(dir, "nope")}, want: []string{`BuildContext "` + filepath.Join(dir, "nope") + `" is not a directory`}},
		"context is a file":      {args: &registry.RepositoryArgs{BuildContext: filepath.Join(dir, "Dockerfile")}, want: []string{"is not a directory"}},
		"every problem at once": {
			name: "App",
			args: &registry.RepositoryArgs{Encryption: "x", KeepTaggedImages: -1, UntaggedImageExpiryDays: -1, ImageTag: "v1"},
			want: []string{`"App"`, `Encryption "x"`, "KeepTaggedImages -1", "UntaggedImageExpiryDays -1", `ImageTag "v1"`},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			compName := tc.name
			if compName == "" {
				compName = "app"
			}
			r, err := runRepository(t, compName, tc.args, false)
			if err == nil {
				t.Fatalf("NewRepository(%q, %+v) succeeded, want an error", compName, tc.args)
			}
			if want := "registry: " + compName + ": "; !strings.Contains(err.Error(), want) {
				t.Errorf("error %q lacks the prefix %q", err, want)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("NewRepository error %q lacks %q", err, w)
				}
			}
			if n := len(r.mocks.Resources()); n != 0 {
				t.Errorf("NewRepository registered %d resources before failing, want 0", n)
			}
		})
	}
}

func TestNewRepositoryDryRun(t *testing.T) {
	t.Parallel()
	t.Run("no build", func(t *testing.T) {
		t.Parallel()
		r, err := runRepository(t, "app", nil, true)
		if err != nil {
			t.Fatal(err)
		}
		if _, known := r.out["url"].Get(); known {
			t.Error("RepositoryURL is known in a preview")
		}
		if v, known := r.out["image"].Get(); !known || v != "" {
			t.Errorf("ImageURI without a build in a preview = %v (known %v), want a known \"\"", v, known)
		}
		if n := len(r.mocks.OfType(typLifecycle)); n != 1 {
			t.Errorf("preview registers %d lifecycle policies, want 1", n)
		}
	})
	t.Run("with a build", func(t *testing.T) {
		t.Parallel()
		r, err := runRepository(t, "app", &registry.RepositoryArgs{BuildContext: buildContext(t)}, true)
		if err != nil {
			t.Fatal(err)
		}
		if _, known := r.out["image"].Get(); known {
			t.Error("ImageURI is known in a preview")
		}
		if n := len(r.mocks.OfType(typImage)); n != 1 {
			t.Errorf("preview registers %d images, want 1", n)
		}
	})
}
