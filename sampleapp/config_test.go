package main

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestLoadConfig(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		env     map[string]string
		want    config
		wantErr []string
	}{
		"defaults": {
			env:  nil,
			want: config{Port: 8080, Version: "dev", Color: "blue"},
		},
		"everything set": {
			env:  map[string]string{"PORT": "9000", "VERSION": "1.4.2", "COLOR": "green"},
			want: config{Port: 9000, Version: "1.4.2", Color: "green"},
		},
		"hex colours, spaces trimmed": {
			env:  map[string]string{"PORT": " 80 ", "COLOR": " #1e90ff "},
			want: config{Port: 80, Version: "dev", Color: "#1e90ff"},
		},
		"short hex colour": {
			env:  map[string]string{"COLOR": "#0f0"},
			want: config{Port: 8080, Version: "dev", Color: "#0f0"},
		},
		"empty means default": {
			env:  map[string]string{"PORT": "", "VERSION": " ", "COLOR": ""},
			want: config{Port: 8080, Version: "dev", Color: "blue"},
		},
		"port not a number": {env: map[string]string{"PORT": "http"}, wantErr: []string{`PORT "http"`, "1 to 65535"}},
		"port zero":         {env: map[string]string{"PORT": "0"}, wantErr: []string{`PORT "0"`}},
		"port too large":    {env: map[string]string{"PORT": "65536"}, wantErr: []string{`PORT "65536"`}},
		"colour with css":   {env: map[string]string{"COLOR": "red;}body{"}, wantErr: []string{`COLOR "red;}body{"`, "#rrggbb"}},
		"colour bad hex":    {env: map[string]string{"COLOR": "#12345"}, wantErr: []string{`COLOR "#12345"`}},
		"every problem at once": {
			env:     map[string]string{"PORT": "-1", "COLOR": "url(x)"},
			wantErr: []string{`PORT "-1"`, `COLOR "url(x)"`},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got, err := loadConfig(func(k string) string { return tc.env[k] })
			if len(tc.wantErr) > 0 {
				if err == nil {
					t.Fatalf("loadConfig(%v) = %+v, want an error", tc.env, got)
				}
				for _, w := range tc.wantErr {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("loadConfig(%v) error %q lacks %q", tc.env, err, w)
					}
				}
				if !strings.HasPrefix(err.Error(), "sampleapp: ") {
					t.Errorf("error %q lacks the origin prefix", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("loadConfig(%v): %v", tc.env, err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("loadConfig(%v) (-want +got):\n%s", tc.env, diff)
			}
		})
	}
}
