//go:build unix

package judgeproto

import (
	"os/exec"
	"syscall"
)

// setProcessGroup starts the judge in its own process group, so that a
// judge run through a wrapper (go run, a shell) is stopped whole.
func setProcessGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
}

// killProcess kills the judge's process group.
func killProcess(cmd *exec.Cmd) {
	if cmd.Process == nil {
		return
	}
	if err := syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL); err != nil {
		_ = cmd.Process.Kill()
	}
}
