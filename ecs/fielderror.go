package ecs

import "github.com/ecs-bluegreen/ecs-bluegreen/internal/argcheck"

// FieldError is the error the Validate methods, LookupInstanceType and the
// constructors report for each bad field: it names the field, the value,
// what is allowed and a value that works. errors.As finds it in their
// joined errors.
type FieldError = argcheck.Error
