package registry

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"

	"github.com/ecs-bluegreen/ecs-bluegreen/internal/argcheck"
	"github.com/ecs-bluegreen/ecs-bluegreen/internal/tagging"
	awsecr "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ecr"
	awsxecr "github.com/pulumi/pulumi-awsx/sdk/v2/go/awsx/ecr"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// RepositoryType is the component's type token. It is part of every child's
// URN: changing it replaces the repository, and with it every image in it,
// unless an alias says otherwise.
const RepositoryType = "ecs-bluegreen:registry:Repository"

// Encryption says how ECR encrypts the repository's images at rest.
type Encryption string

const (
	// EncryptionAES256 is ECR's own server-side encryption with Amazon S3
	// managed keys: no key to manage, no KMS charges.
	EncryptionAES256 Encryption = "AES256"
	// EncryptionKMS encrypts with a KMS key: RepositoryArgs.KMSKeyARN, or
	// the AWS managed key aws/ecr when that is nil. Key use shows in
	// CloudTrail and the key's policy can restrict it; KMS requests are
	// charged.
	EncryptionKMS Encryption = "KMS"
)

// Encryptions lists the accepted encryption types.
var Encryptions = []Encryption{EncryptionAES256, EncryptionKMS}

// Defaults of RepositoryArgs, applied to zero fields.
const (
	DefaultUntaggedImageExpiryDays = 7
	DefaultKeepTaggedImages        = 30
	DefaultPlatform                = "linux/amd64"
)

// Platforms lists the image platforms RepositoryArgs.Platform accepts: the
// architectures of EC2 instances ECS runs Linux tasks on (x86_64 instances
// such as t3, Graviton instances such as t4g).
var Platforms = []string{"linux/amd64", "linux/arm64"}

// Limits of repository names and image tags, as ECR documents them.
const (
	maxRepositoryName = 256
	minRepositoryName = 2
	// autonameSuffix is what Pulumi appends to a logical name when it names
	// the repository: "-" and 7 random characters.
	autonameSuffix = 8
)

var (
	// repositoryNamePattern is the repository name pattern of ECR's API
	// reference (CreateRepository): lowercase letters and digits, single
	// '.', '_' or '-' between them, optionally in '/'-separated namespaces.
	repositoryNamePattern = regexp.MustCompile(`^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$`)
	// kmsKeyARNPattern is a KMS key's ARN, in any partition.
	kmsKeyARNPattern = regexp.MustCompile(`^arn:aws(-[a-z]+)*:kms:[a-z]{2}(-[a-z]+)+-[0-9]+:[0-9]{12}:key/[0-9a-zA-Z-]+$`)
	// imageTagPattern is Docker's tag grammar.
	imageTagPattern = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$`)
)

// RepositoryArgs configures NewRepository. The zero value is a working
// default: an AES256-encrypted repository named after the component, with
// no image built.
type RepositoryArgs struct {
	// RepositoryName is the repository's name: 2 to 256 characters,
	// lowercase letters, digits, '.', '_', '-' and '/' for namespaces.
	// Default: the component's name plus a random suffix, so stacks in one
	// account and region do not collide (the component's name must then be
	// a valid repository name itself). Changing it replaces the repository
	// and loses its images.
	RepositoryName string
	// Encryption is how images are encrypted at rest: EncryptionAES256 or
	// EncryptionKMS. Default: EncryptionKMS when KMSKeyARN is set, else
	// EncryptionAES256. ECR cannot change a repository's encryption:
	// changing it replaces the repository and loses its images.
	Encryption Encryption
	// KMSKeyARN is the KMS key of EncryptionKMS, by ARN, in the
	// repository's region (another account's key works when its policy
	// allows). A known value (pulumi.String) is checked by Validate and
	// ValidateLocation. Default (nil): the AWS managed key aws/ecr. Setting it selects EncryptionKMS; it is an
	// error with EncryptionAES256. ECR uses the key through a grant it
	// creates: whoever runs `pulumi up` needs kms:CreateGrant,
	// kms:DescribeKey and kms:RetireGrant on the key.
	KMSKeyARN pulumi.StringInput
	// UntaggedImageExpiryDays is how long untagged images are kept after
	// their push, in days; then the lifecycle policy expires them. At least
	// 1. Default: DefaultUntaggedImageExpiryDays.
	UntaggedImageExpiryDays int
	// KeepTaggedImages is how many tagged images the lifecycle policy
	// keeps, the most recently pushed; older ones expire. At least 1. A
	// rollback to a task definition whose image has expired fails, so keep
	// more images than releases you may want to go back. Default:
	// DefaultKeepTaggedImages.
	KeepTaggedImages int
	// ForceDelete lets `pulumi destroy` (or a replacement) delete the
	// repository while it still holds images, and the images with it.
	// Default: false, and deleting a repository with images fails.
	ForceDelete bool
	// BuildContext, when set, is a directory with a Dockerfile that the
	// component builds and pushes to the repository on every `pulumi up`
	// whose context changed, with awsx's ecr.Image. Relative paths start at
	// the directory Pulumi runs the program in (the project's). Building
	// needs Docker (with BuildKit) on the machine that runs `pulumi up` and
	// `pulumi preview`; leave it empty to push images another way (CI)
	// and deploy them by URI. Default: no build, and ImageURI is "".
	BuildContext string
	// ImageTag is the built image's tag, for example a commit id. Tags are
	// immutable: a tag pushed once cannot be pushed again with other
	// content, so it must change whenever the context does. Default: a tag
	// of the context's content (see ContextTag). Only with BuildContext.
	ImageTag string
	// Platform is the built image's platform, one of Platforms; it must
	// match the container instances' architecture. Default: DefaultPlatform.
	// Only with BuildContext.
	Platform string
	// Tags are applied to the repository, beside the Name tag the component
	// sets itself.
	Tags map[string]string
}

// Repository is an ECR repository for the service's images: scanned on push,
// with immutable tags, encrypted, and a lifecycle policy that expires old
// images. It optionally builds and pushes an image from a local directory.
type Repository struct {
	pulumi.ResourceState

	// RepositoryURL is where images are pushed and pulled from:
	// <account>.dkr.ecr.<region>.amazonaws.com/<name>.
	RepositoryURL pulumi.StringOutput `pulumi:"repositoryUrl"`
	// RepositoryName is the repository's name.
	RepositoryName pulumi.StringOutput `pulumi:"repositoryName"`
	// RepositoryARN is the repository's ARN, for IAM policies (a CI role's
	// push permission, for instance).
	RepositoryARN pulumi.StringOutput `pulumi:"repositoryArn"`
	// ImageURI is the built image's URI, pinned by digest
	// (<url>@sha256:...), once it is pushed; "" without BuildContext.
	ImageURI pulumi.StringOutput `pulumi:"imageUri"`
}

// withDefaults returns a copy of args with every zero field set to its
// default.
func (args RepositoryArgs) withDefaults() RepositoryArgs {
	if args.Encryption == "" {
		args.Encryption = EncryptionAES256
		if args.KMSKeyARN != nil {
			args.Encryption = EncryptionKMS
		}
	}
	if args.UntaggedImageExpiryDays == 0 {
		args.UntaggedImageExpiryDays = DefaultUntaggedImageExpiryDays
	}
	if args.KeepTaggedImages == 0 {
		args.KeepTaggedImages = DefaultKeepTaggedImages
	}
	if args.BuildContext != "" && args.Platform == "" {
		args.Platform = DefaultPlatform
	}
	return args
}

// FieldError is the error Validate and NewRepository report for each bad
// field: it names the field, the value, what is allowed and a value that
// works.
type FieldError = argcheck.Error

// Validate reports every problem with the plain fields of args, after their
// defaults, at once: one *FieldError per problem, joined. NewRepository
// calls it before it registers anything; a caller may call it earlier,
// before it creates anything else.
func (args RepositoryArgs) Validate() error {
	return args.withDefaults().check()
}

// check is Validate on args with defaults.
func (args RepositoryArgs) check() error {
	var errs argcheck.List
	if args.RepositoryName != "" {
		if n := len(args.RepositoryName); n < minRepositoryName || n > maxRepositoryName || !repositoryNamePattern.MatchString(args.RepositoryName) {
			errs.Add("RepositoryName", args.RepositoryName, nil, "is not a repository name: use %d to %d lowercase letters, digits, '.', '_', '-', with '/' between namespaces", minRepositoryName, maxRepositoryName)
		}
	}
	if !slices.Contains(Encryptions, args.Encryption) {
		errs.Add("Encryption", string(args.Encryption), string(EncryptionAES256), "is not an encryption type: use %q or %q", EncryptionAES256, EncryptionKMS)
	} else if args.Encryption == EncryptionAES256 && args.KMSKeyARN != nil {
		errs.Add("Encryption", string(args.Encryption), string(EncryptionKMS), "uses no KMS key, but {KMSKeyARN} is set: set it to %q, or remove {KMSKeyARN}", EncryptionKMS)
	}
	if arn, known := args.KMSKeyARN.(pulumi.String); known && !kmsKeyARNPattern.MatchString(string(arn)) {
		errs.Add("KMSKeyARN", string(arn), nil, "is not a KMS key ARN: want arn:<partition>:kms:<region>:<account>:key/<key id>, of a key in the repository's region")
	}
	if args.UntaggedImageExpiryDays < 1 {
		errs.Add("UntaggedImageExpiryDays", args.UntaggedImageExpiryDays, DefaultUntaggedImageExpiryDays, "is not a number of days: use 1 or more, or 0 for %d", DefaultUntaggedImageExpiryDays)
	}
	if args.KeepTaggedImages < 1 {
		errs.Add("KeepTaggedImages", args.KeepTaggedImages, DefaultKeepTaggedImages, "is not a number of images: use 1 or more, or 0 for %d", DefaultKeepTaggedImages)
	}
	if args.BuildContext == "" {
		if args.ImageTag != "" {
			errs.Add("ImageTag", args.ImageTag, nil, "is set without {BuildContext}: tag only an image the component builds, or set BuildContext")
		}
		if args.Platform != "" {
			errs.Add("Platform", args.Platform, nil, "is set without {BuildContext}: it applies only to an image the component builds")
		}
		return errs.Err()
	}
	if args.ImageTag != "" && !imageTagPattern.MatchString(args.ImageTag) {
		errs.Add("ImageTag", args.ImageTag, nil, "is not an image tag: use up to 128 letters, digits, '_', '.', '-', not starting with '.' or '-'")
	}
	if !slices.Contains(Platforms, args.Platform) {
		errs.Add("Platform", args.Platform, DefaultPlatform, "is not a platform ECS on EC2 runs: use one of %q", Platforms)
	}
	return errs.Err()
}

// ValidateLocation reports a KMSKeyARN, when it is known (a
// pulumi.String), that a repository in partition and region cannot use:
// ECR encrypts with a key of its own region only. A caller that knows
// where the stack is (the program looks it up before it registers
// anything) calls it with Validate.
func (args RepositoryArgs) ValidateLocation(partition, region string) error {
	var errs argcheck.List
	if arn, known := args.KMSKeyARN.(pulumi.String); known {
		errs.ARNIn("KMSKeyARN", string(arn), argcheck.Place{Partition: partition, Region: region},
			"ECR encrypts a repository with a KMS key of the repository's own region")
	}
	return errs.Err()
}

// validate is check, plus the component's name, which names the
// repository unless RepositoryName does.
func (args RepositoryArgs) validate(name string) error {
	var errs argcheck.List
	if n := len(name); args.RepositoryName == "" && (n < minRepositoryName || n > maxRepositoryName-autonameSuffix || !repositoryNamePattern.MatchString(name)) {
		errs.Other(fmt.Errorf("the repository is named after the component, and %q is not a repository name: give the component a name of %d to %d lowercase letters, digits, '.', '_', '-', or set RepositoryName", name, minRepositoryName, maxRepositoryName-autonameSuffix))
	}
	errs.Other(args.check())
	return errs.Err()
}

// imageTag returns the tag of the image built from args.BuildContext:
// args.ImageTag, or the context's ContextTag. It reads the directory, so it
// also reports a context that does not exist.
func (args RepositoryArgs) imageTag() (string, error) {
	info, err := os.Stat(args.BuildContext)
	if err != nil || !info.IsDir() {
		where := ""
		if wd, err := os.Getwd(); err == nil && !filepath.IsAbs(args.BuildContext) {
			where = " in " + wd
		}
		return "", fmt.Errorf("BuildContext %q is not a directory%s: give the directory that holds the Dockerfile", args.BuildContext, where)
	}
	if args.ImageTag != "" {
		return args.ImageTag, nil
	}
	tag, err := ContextTag(os.DirFS(args.BuildContext))
	if err != nil {
		return "", fmt.Errorf("BuildContext %q: %w", args.BuildContext, err)
	}
	return tag, nil
}

// NewRepository creates the ECR repository and its lifecycle policy, and
// with RepositoryArgs.BuildContext builds and pushes an image to it. It
// validates args (and reads the build context) before it registers
// anything: on error, nothing is created.
//
// Building needs Docker on the machine that runs `pulumi up`; without
// BuildContext the component needs no Docker.
func NewRepository(ctx *pulumi.Context, name string, args *RepositoryArgs, opts ...pulumi.ResourceOption) (*Repository, error) {
	if args == nil {
		args = &RepositoryArgs{}
	}
	a := args.withDefaults()
	err := a.validate(name)
	var tag string
	if err == nil && a.BuildContext != "" {
		tag, err = a.imageTag()
	}
	if err != nil {
		return nil, fmt.Errorf("registry: %s: %w", name, err)
	}

	c := &Repository{}
	if err := ctx.RegisterComponentResource(RepositoryType, name, c, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(c)

	encryption := awsecr.RepositoryEncryptionConfigurationArgs{EncryptionType: pulumi.String(string(a.Encryption))}
	if a.KMSKeyARN != nil {
		encryption.KmsKey = a.KMSKeyARN.ToStringOutput().ToStringPtrOutput()
	}
	repoArgs := &awsecr.RepositoryArgs{
		ImageTagMutability: pulumi.String("IMMUTABLE"),
		// Basic scanning of every pushed image; findings show in the console
		// and in DescribeImageScanFindings. Registry-level enhanced scanning
		// (Amazon Inspector), when configured, takes precedence.
		ImageScanningConfiguration: &awsecr.RepositoryImageScanningConfigurationArgs{ScanOnPush: pulumi.Bool(true)},
		EncryptionConfigurations:   awsecr.RepositoryEncryptionConfigurationArray{encryption},
		ForceDelete:                pulumi.Bool(a.ForceDelete),
		Tags:                       pulumi.ToStringMap(tagging.For(name, a.Tags)),
	}
	if a.RepositoryName != "" {
		repoArgs.Name = pulumi.String(a.RepositoryName)
	}
	repo, err := awsecr.NewRepository(ctx, name, repoArgs, parent)
	if err != nil {
		return nil, err
	}

	if _, err := awsecr.NewLifecyclePolicy(ctx, name, &awsecr.LifecyclePolicyArgs{
		Repository: repo.Name,
		Policy:     pulumi.String(LifecyclePolicy(a.UntaggedImageExpiryDays, a.KeepTaggedImages)),
	}, parent); err != nil {
		return nil, err
	}

	imageURI := pulumi.String("").ToStringOutput()
	if a.BuildContext != "" {
		image, err := awsxecr.NewImage(ctx, name, &awsxecr.ImageArgs{
			RepositoryUrl: repo.RepositoryUrl,
			Context:       pulumi.String(a.BuildContext),
			Platform:      pulumi.String(a.Platform),
			ImageTag:      pulumi.String(tag),
		}, parent)
		if err != nil {
			return nil, err
		}
		imageURI = image.ImageUri
	}

	c.RepositoryURL = repo.RepositoryUrl
	c.RepositoryName = repo.Name
	c.RepositoryARN = repo.Arn
	c.ImageURI = imageURI
	if err := ctx.RegisterResourceOutputs(c, pulumi.Map{
		"repositoryUrl":  c.RepositoryURL,
		"repositoryName": c.RepositoryName,
		"repositoryArn":  c.RepositoryARN,
		"imageUri":       c.ImageURI,
	}); err != nil {
		return nil, err
	}
	return c, nil
}
