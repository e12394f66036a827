package main

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// buildVersion is the version the binary was built with:
// go build -ldflags "-X main.buildVersion=1.2.3". VERSION overrides it.
var buildVersion = "dev"

// Defaults of the environment variables.
const (
	defaultPort  = 8080
	defaultColor = "blue"
)

// colorPattern matches the colours COLOR may name: a CSS colour keyword or a
// #rgb / #rrggbb hex colour. Anything else is refused rather than written
// into the page's style.
var colorPattern = regexp.MustCompile(`^(?:[a-zA-Z]{1,32}|#[0-9a-fA-F]{3}|#[0-9a-fA-F]{6})$`)

// config is what the service is told by its environment.
type config struct {
	Port    int    // TCP port to listen on, 1-65535
	Version string // shown on the page and in /version
	Color   string // the page's colour, and reported in /version
}

// loadConfig reads PORT, VERSION and COLOR through getenv, fills defaults for
// unset (empty) ones and reports every bad value at once.
func loadConfig(getenv func(string) string) (config, error) {
	c := config{Port: defaultPort, Version: buildVersion, Color: defaultColor}
	var problems []string
	if v := strings.TrimSpace(getenv("PORT")); v != "" {
		p, err := strconv.Atoi(v)
		if err != nil || p < 1 || p > 65535 {
			problems = append(problems, fmt.Sprintf("PORT %q is not a TCP port: use a number from 1 to 65535 (default %d)", v, defaultPort))
		} else {
			c.Port = p
		}
	}
	if v := strings.TrimSpace(getenv("VERSION")); v != "" {
		c.Version = v
	}
	if v := strings.TrimSpace(getenv("COLOR")); v != "" {
		if !colorPattern.MatchString(v) {
			problems = append(problems, fmt.Sprintf("COLOR %q is not a colour: use a CSS colour name such as green, or #rgb or #rrggbb (default %s)", v, defaultColor))
		} else {
			c.Color = v
		}
	}
	if len(problems) > 0 {
		return config{}, fmt.Errorf("sampleapp: %s", strings.Join(problems, "; "))
	}
	return c, nil
}
