package ecs

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestContainerDefJSON(t *testing.T) {
	t.Parallel()
	base := containerDefSpec{
		Name:            "app",
		Image:           "public.ecr.aws/nginx/nginx-unprivileged:stable-alpine",
		ContainerPort:   8080,
		CPU:             256,
		MemoryMiB:       512,
		LogGroup:        "web-1234567",
		Region:          "ap-northeast-2",
		LogStreamPrefix: "web",
	}
	logs := map[string]any{
		"logDriver": "awslogs",
		"options": map[string]any{
			"awslogs-group":         "web-1234567",
			"awslogs-region":        "ap-northeast-2",
			"awslogs-stream-prefix": "web",
		},
	}
	container := func(extra map[string]any) []any {
		c := map[string]any{
			"name":             "app",
			"image":            "public.ecr.aws/nginx/nginx-unprivileged:stable-alpine",
			"essential":        true,
			"cpu":              256.0,
			"memory":           512.0,
			"portMappings":     []any{map[string]any{"containerPort": 8080.0, "hostPort": 0.0, "protocol": "tcp"}},
			"logConfiguration": logs,
			"linuxParameters":  map[string]any{"initProcessEnabled": true},
		}
		for k, v := range extra {
			c[k] = v
		}
		return []any{c}
	}
	tests := map[string]struct {
		spec func(containerDefSpec) containerDefSpec
		want []any
	}{
		"defaults: dynamic host port, no reservation, no environment": {
			spec: func(s containerDefSpec) containerDefSpec { return s },
			want: container(nil),
		},
		"memory reservation": {
			spec: func(s containerDefSpec) containerDefSpec { s.MemoryReservationMiB = 256; return s },
			want: container(map[string]any{"memoryReservation": 256.0}),
		},
		"environment sorted by name": {
			spec: func(s containerDefSpec) containerDefSpec {
				s.Environment = map[string]string{"ZONE": "z", "APP_ENV": "prod", "B": "", "M": "a=b"}
				return s
			},
			want: container(map[string]any{"environment": []any{
				map[string]any{"name": "APP_ENV", "value": "prod"},
				map[string]any{"name": "B", "value": ""},
				map[string]any{"name": "M", "value": "a=b"},
				map[string]any{"name": "ZONE", "value": "z"},
			}}),
		},
		"read-only root, two tmpfs mounts in the given order": {
			spec: func(s containerDefSpec) containerDefSpec {
				s.ReadonlyRoot, s.TmpfsPaths, s.TmpfsSizeMiB = true, []string{"/var/cache/nginx", "/tmp"}, 32
				return s
			},
			want: container(map[string]any{
				"readonlyRootFilesystem": true,
				"linuxParameters": map[string]any{"initProcessEnabled": true, "tmpfs": []any{
					map[string]any{"containerPath": "/var/cache/nginx", "size": 32.0, "mountOptions": []any{"nosuid", "nodev"}},
					map[string]any{"containerPath": "/tmp", "size": 32.0, "mountOptions": []any{"nosuid", "nodev"}},
				}},
			}),
		},
		"writable root: no tmpfs, the key left out": {
			spec: func(s containerDefSpec) containerDefSpec {
				s.TmpfsPaths, s.TmpfsSizeMiB = []string{"/tmp"}, 64
				return s
			},
			want: container(nil),
		},
		"a user": {
			spec: func(s containerDefSpec) containerDefSpec { s.User = "101:101"; return s },
			want: container(map[string]any{"user": "101:101"}),
		},
		"other port and size": {
			spec: func(s containerDefSpec) containerDefSpec {
				s.ContainerPort, s.CPU, s.MemoryMiB = 3000, 1024, 2048
				return s
			},
			want: container(map[string]any{
				"cpu": 1024.0, "memory": 2048.0,
				"portMappings": []any{map[string]any{"containerPort": 3000.0, "hostPort": 0.0, "protocol": "tcp"}},
			}),
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			in := tc.spec(base)
			doc := containerDefJSON(in)
			var got []any
			if err := json.Unmarshal([]byte(doc), &got); err != nil {
				t.Fatalf("containerDefJSON(%+v) = %s, not JSON: %v", in, doc, err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("containerDefJSON(%+v) (-want +got):\n%s", in, diff)
			}
			// Nothing privileged, nothing of the host mounted.
			for _, key := range []string{"privileged", "mountPoints", "volumesFrom"} {
				if _, has := got[0].(map[string]any)[key]; has {
					t.Errorf("containerDefJSON(%+v) = %s, sets %s", in, doc, key)
				}
			}
		})
	}
}

// TestContainerDefJSONIsStable renders the same spec many times: map order
// must never change the document, or every `pulumi up` would register a new
// revision.
func TestContainerDefJSONIsStable(t *testing.T) {
	t.Parallel()
	spec := containerDefSpec{Name: "app", Image: "img:1", ContainerPort: 80, CPU: 256, MemoryMiB: 512,
		Environment: map[string]string{"A": "1", "B": "2", "C": "3", "D": "4", "E": "5", "F": "6", "G": "7", "H": "8"}}
	first := containerDefJSON(spec)
	for range 50 {
		if got := containerDefJSON(spec); got != first {
			t.Fatalf("containerDefJSON changed between calls:\n%s\n%s", first, got)
		}
	}
}

func TestContainerDefFamily(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		project, stack, name string
		want                 string
	}{
		"plain":                     {"ecs-bluegreen", "dev", "web", "ecs-bluegreen-dev-web"},
		"dots and slashes become -": {"my.project", "org/dev", "web", "my-project-org-dev-web"},
		"underscores stay":          {"p_1", "s", "w_2", "p_1-s-w_2"},
		"a run becomes one -":       {"my..project", "dev", "web", "my-project-dev-web"},
		"ends trimmed":              {"-p", "s", "w!", "p-s-w"},
		"cut to 255":                {strings.Repeat("p", 300), "s", "w", strings.Repeat("p", 255)},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got := containerDefFamily(tc.project, tc.stack, tc.name)
			if got != tc.want {
				t.Errorf("containerDefFamily(%q, %q, %q) = %q, want %q", tc.project, tc.stack, tc.name, got, tc.want)
			}
			if len(got) > containerDefFamilyMax || containerDefFamilyInvalid.MatchString(got) {
				t.Errorf("containerDefFamily(%q, %q, %q) = %q: not a family ECS accepts", tc.project, tc.stack, tc.name, got)
			}
		})
	}
}

func TestContainerDefNames(t *testing.T) {
	t.Parallel()
	for name, want := range map[string]bool{"app": true, "web_1-a": true, "": false, "a b": false, "a.b": false, strings.Repeat("a", 255): true, strings.Repeat("a", 256): false} {
		if got := containerDefNamePattern.MatchString(name); got != want {
			t.Errorf("container name %q accepted = %v, want %v", name, got, want)
		}
	}
	for name, bad := range map[string]bool{"APP_ENV": false, "spring.profiles.active": false, "": true, "A=B": true, "A\x00": true} {
		if got := containerDefBadEnvName(name); got != bad {
			t.Errorf("containerDefBadEnvName(%q) = %v, want %v", name, got, bad)
		}
	}
}

func TestUserProblem(t *testing.T) {
	t.Parallel()
	for u, ok := range map[string]bool{
		"": true, "101": true, "101:101": true, "nginx": true, "app_user:staff": true, "65532:65532": true,
		"root": false, "0": false, "00": false, "0:0": false, "root:wheel": false, "0:101": false,
		"a b": false, ":101": false, "101:": false, "-x": false, "app;rm": false,
	} {
		if got := userProblem(u); (got == "") != ok {
			t.Errorf("userProblem(%q) = %q, want ok %v", u, got, ok)
		}
	}
}
