// Package registry creates the stack's container image repository: an
// Amazon ECR repository that scans every pushed image, refuses to overwrite
// a tag (IMMUTABLE), encrypts at rest (AES256, or KMS with an optional key
// of the caller's), and expires old images with a lifecycle policy (see
// LifecyclePolicy).
//
//	child name   type                      what
//	name         aws:ecr/repository        the repository, tagged; named name-<random> unless RepositoryName
//	name         aws:ecr/lifecyclePolicy   untagged images expire after N days, the last M tagged are kept
//	name         awsx:ecr:Image            only with BuildContext: docker build and push (Docker needed)
//
// With RepositoryArgs.BuildContext, `pulumi up` builds the directory's
// Dockerfile for the instances' platform and pushes it, tagged with
// RepositoryArgs.ImageTag or a tag of the context's content (ContextTag):
// immutable tags must never be reused, and a content tag changes exactly
// when the image's sources do. Repository.ImageURI is then the pushed
// image, by digest, ready for a task definition. Building needs Docker
// wherever `pulumi up` and `pulumi preview` run; a pipeline that builds its
// own images leaves BuildContext empty and passes their URIs instead.
//
// The package does not import this module's other packages: it exports the
// repository's URL, name and ARN and the image's URI for a caller to wire.
package registry
