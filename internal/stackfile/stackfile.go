// Package stackfile reads a Pulumi project's configuration as the Pulumi
// CLI hands it to the program: the keys Pulumi.yaml declares, with their
// defaults (or a provider key's value), overridden by Pulumi.<stack>.yaml;
// keys as "namespace:key", values as strings (lists and objects as JSON).
// The program (its declared keys and defaults), the offline plan and the
// tests read the files through it, so they agree with each other and with
// the CLI.
//
// Pure: YAML only, no pulumi import.
package stackfile

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// Key is one key Pulumi.yaml declares under config:.
type Key struct {
	// Name is the key as written: "azCount", or a provider's "aws:region".
	Name string
	// Type and Description are the declaration's.
	Type, Description string
	// Value is what the CLI passes when the stack does not set the key:
	// the default (or a provider key's value), scalars as written, lists
	// and objects as JSON. HasValue is false for a key declared without
	// one, which every stack must then set.
	Value    string
	HasValue bool
}

// Project is a project file: its name and its declared keys, in order.
type Project struct {
	Name string
	Keys []Key
}

// ParseProject reads a Pulumi.yaml.
func ParseProject(b []byte) (Project, error) {
	var f struct {
		Name   string    `yaml:"name"`
		Config yaml.Node `yaml:"config"`
	}
	if err := yaml.Unmarshal(b, &f); err != nil {
		return Project{}, fmt.Errorf("the project file Pulumi.yaml: %w", err)
	}
	p := Project{Name: f.Name}
	n := f.Config
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := Key{Name: n.Content[i].Value}
		v := n.Content[i+1]
		if v.Kind == yaml.MappingNode {
			var decl struct {
				Type        string `yaml:"type"`
				Description string `yaml:"description"`
			}
			if err := v.Decode(&decl); err != nil {
				return Project{}, fmt.Errorf("the project file Pulumi.yaml, key %s: %w", k.Name, err)
			}
			k.Type, k.Description = decl.Type, decl.Description
			var value *yaml.Node
			for j := 0; j+1 < len(v.Content); j += 2 {
				// A provider key takes value:, the project's own default:.
				if key := v.Content[j].Value; key == "value" || (key == "default" && value == nil) {
					value = v.Content[j+1]
				}
			}
			v = value
		}
		if v != nil {
			s, err := ValueString(v)
			if err != nil {
				return Project{}, fmt.Errorf("the project file Pulumi.yaml, key %s: %w", k.Name, err)
			}
			k.Value, k.HasValue = s, true
		}
		p.Keys = append(p.Keys, k)
	}
	return p, nil
}

// Stack is a stack's configuration as the CLI hands it to the program.
type Stack struct {
	// Project is the project's name.
	Project string
	// Config maps "namespace:key" to the value: the project's defaults,
	// overridden by the stack file.
	Config map[string]string
	// EncryptionSalt is the stack file's encryptionsalt, which `pulumi
	// stack init` writes for a passphrase; "" when it has none.
	EncryptionSalt string
}

// Read reads the configuration of stack in the project directory dir:
// Pulumi.yaml and Pulumi.<stack>.yaml.
func Read(dir, stack string) (Stack, error) {
	b, err := os.ReadFile(filepath.Join(dir, "Pulumi.yaml"))
	if err != nil {
		return Stack{}, err
	}
	p, err := ParseProject(b)
	if err != nil {
		return Stack{}, err
	}
	if p.Name == "" {
		return Stack{}, errors.New("the project file Pulumi.yaml has no name")
	}
	qualify := func(k string) string {
		if strings.Contains(k, ":") {
			return k
		}
		return p.Name + ":" + k
	}
	s := Stack{Project: p.Name, Config: map[string]string{}}
	for _, k := range p.Keys {
		if k.HasValue {
			s.Config[qualify(k.Name)] = k.Value
		}
	}

	path := filepath.Join(dir, "Pulumi."+stack+".yaml")
	b, err = os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return Stack{}, fmt.Errorf("stack %q: no %s; the stacks are %s", stack, filepath.Base(path), strings.Join(Stacks(dir), ", "))
	}
	if err != nil {
		return Stack{}, err
	}
	var f struct {
		Config         yaml.Node `yaml:"config"`
		EncryptionSalt string    `yaml:"encryptionsalt"`
	}
	if err := yaml.Unmarshal(b, &f); err != nil {
		return Stack{}, fmt.Errorf("%s: %w", filepath.Base(path), err)
	}
	s.EncryptionSalt = f.EncryptionSalt
	n := f.Config
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i].Value
		v, err := ValueString(n.Content[i+1])
		if err != nil {
			return Stack{}, fmt.Errorf("%s: %s: %w", filepath.Base(path), k, err)
		}
		s.Config[qualify(k)] = v
	}
	return s, nil
}

// Stacks returns the names of the stacks with a Pulumi.<stack>.yaml in
// dir, sorted.
func Stacks(dir string) []string {
	paths, _ := filepath.Glob(filepath.Join(dir, "Pulumi.*.yaml")) // the pattern is valid
	var names []string
	for _, p := range paths {
		names = append(names, strings.TrimSuffix(strings.TrimPrefix(filepath.Base(p), "Pulumi."), ".yaml"))
	}
	slices.Sort(names)
	return names
}

// ValueString turns a YAML value into the string the CLI passes: scalars
// as written, lists and objects as JSON. A secret cannot be read without
// its passphrase.
func ValueString(n *yaml.Node) (string, error) {
	if n.Kind == yaml.ScalarNode {
		return n.Value, nil
	}
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == "secure" {
				return "", errors.New("a secret: the offline plan cannot decrypt it; set a plain placeholder in a copy of the stack file to plan it")
			}
		}
	}
	var v any
	if err := n.Decode(&v); err != nil {
		return "", err
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	return string(b), nil
}
