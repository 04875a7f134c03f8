package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// mkfifo makes a FIFO in a directory of the test's own.
func mkfifo(t *testing.T) string {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skip("reads /proc to see the program wait for a writer")
	}
	path := filepath.Join(t.TempDir(), "events.fifo")
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// waitForFIFOOpen polls until a thread of process pid waits in open(2) for
// the other end of a FIFO.
func waitForFIFOOpen(t *testing.T, pid int) {
	t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for time.Now().Before(deadline) {
		tasks, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/wchan", pid))
		for _, task := range tasks {
			if b, _ := os.ReadFile(task); string(b) == "wait_for_partner" {
				return
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("the program never waited for a writer to the FIFO")
}

// startPiped starts cmd with its output read through the returned reader
// and its errors kept in the returned builder, to read once it has ended.
func startPiped(t *testing.T, cmd *exec.Cmd) (stdout *bufio.Reader, stderr *strings.Builder) {
	t.Helper()
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	stderr = new(strings.Builder)
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return bufio.NewReader(out), stderr
}

// waitExit waits for cmd, killing it should it outlive 10 s.
func waitExit(t *testing.T, cmd *exec.Cmd) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		select {
		case <-done:
		case <-time.After(waitTimeout):
			cmd.Process.Kill()
		}
	}()
	cmd.Wait()
	close(done)
}

// TestFIFOWithoutAWriterEndsOnSignal: print mode waiting to open a FIFO
// that no one writes, or reading one whose writer says nothing more, ends
// at once on SIGINT or SIGTERM with 130 or 143.
func TestFIFOWithoutAWriterEndsOnSignal(t *testing.T) {
	bin := buildBinary(t)
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		for _, writer := range []bool{false, true} {
			t.Run(fmt.Sprintf("%v, writer %v", sig, writer), func(t *testing.T) {
				fifo := mkfifo(t)
				cmd := exec.Command(bin, "-o", "tsv", "--sort", "none", fifo)
				out, stderr := startPiped(t, cmd)
				if writer {
					w, err := os.OpenFile(fifo, os.O_WRONLY, 0) // waits for the program to open it
					if err != nil {
						t.Fatal(err)
					}
					defer w.Close()
					fmt.Fprintln(w, `{"type":1,"createdAt":"2024-03-20T09:13:37Z","message":"a"}`)
					// The event printed: the program reads, waiting for more.
					if _, err := out.ReadString('\n'); err != nil {
						t.Fatalf("no output: %v; stderr %q", err, stderr.String())
					}
				} else {
					waitForFIFOOpen(t, cmd.Process.Pid)
				}
				cmd.Process.Signal(sig)
				waitExit(t, cmd)
				if code := cmd.ProcessState.ExitCode(); code != 128+int(sig) || stderr.String() != "eventbrowser: "+sig.String()+"\n" {
					t.Errorf("exit status %d, stderr %q; want %d", code, stderr.String(), 128+int(sig))
				}
			})
		}
	}
}

// TestWatchRefusesAFIFO: --watch reads its input again, which a FIFO or
// the shell's <(…) cannot give: refused as a pipe on stdin is.
func TestWatchRefusesAFIFO(t *testing.T) {
	bin := buildBinary(t)
	fifo := mkfifo(t)
	cmd := exec.Command(bin, "--watch", "5s", "-o", "tsv", fifo)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	cmd.Run()
	if code := cmd.ProcessState.ExitCode(); code != 2 || !strings.Contains(stderr.String(), "--watch reads the input again, but "+fifo+" is a pipe") {
		t.Errorf("--watch on a FIFO: exit status %d, stderr %q; want 2", code, stderr.String())
	}
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("needs bash for <(…)")
	}
	cmd = exec.Command("bash", "-c", fmt.Sprintf("exec %q --watch 5s -o tsv <(echo '[]')", bin))
	stderr.Reset()
	cmd.Stderr = &stderr
	cmd.Run()
	if code := cmd.ProcessState.ExitCode(); code != 2 || !strings.Contains(stderr.String(), " is a pipe, read to its end") {
		t.Errorf("--watch on <(…): exit status %d, stderr %q; want 2", code, stderr.String())
	}
}
