// Command sampleapp is the small HTTP service this repository deploys and
// releases blue/green, standing in for the series' Spring Boot API.
//
// It listens on $PORT (default 8080) and serves:
//
//	GET /         an HTML page with the version, the colour and the hostname
//	GET /health   200 "ok", for the load balancer's health check
//	GET /version  the same facts as JSON: {"version", "color", "hostname"}
//
// VERSION (default: the version the binary was built with, "dev" unless
// the build set main.buildVersion) and COLOR (default "blue"; a CSS colour
// name or #rgb/#rrggbb) say which release a response came from, so that a
// blue/green shift can be watched from outside:
//
//	while sleep 1; do curl -s http://<load balancer>/version; echo; done
//
// On SIGTERM (ECS stops a task with it once the load balancer has drained
// the task's targets) or SIGINT, it stops accepting connections and lets
// requests in flight finish for up to 20 seconds, inside ECS's default
// 30-second stop timeout.
//
// "sampleapp -healthcheck" asks the running server's /health on 127.0.0.1
// and exits 0 or 1: a container health check for images without a shell
// (the distroless image the Dockerfile builds has none).
//
// The logic lives in functions that take their environment (variables,
// listener, output) as arguments and is tested with net/http/httptest; main
// only connects them to the process.
package main
