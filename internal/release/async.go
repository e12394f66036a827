package release

// future is the result of a read running on its own goroutine: a command
// starts the AWS reads that do not wait for each other at once, then waits
// for their results in the order it judges them, so that its events and its
// first error do not depend on which answer came first.
type future[T any] struct {
	done chan struct{}
	val  T
	err  error
}

// async runs read on its own goroutine. The read should end when its
// context does: a command that returns early cancels the reads it no
// longer waits for.
func async[T any](read func() (T, error)) *future[T] {
	f := &future[T]{done: make(chan struct{})}
	go func() {
		defer close(f.done)
		f.val, f.err = read()
	}()
	return f
}

// wait blocks until the read has ended and returns its result.
func (f *future[T]) wait() (T, error) {
	<-f.done
	return f.val, f.err
}
