package dev.perfagent.agent.cli;

import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Lists the JVMs on this machine that perf-agent can attach to. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List local JVMs (pid and main class).")
final class ListCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        String self = String.valueOf(ProcessHandle.current().pid());
        List<VirtualMachineDescriptor> vms = VirtualMachine.list();
        vms.sort(Comparator.comparing(vm -> Long.parseLong(vm.id())));
        spec.commandLine().getOut().printf("%-8s %s%n", "PID", "MAIN");
        for (VirtualMachineDescriptor vm : vms) {
            if (!vm.id().equals(self)) {
                String name = vm.displayName().isBlank() ? "(unknown)" : vm.displayName();
                spec.commandLine().getOut().printf("%-8s %s%n", vm.id(), name);
            }
        }
        return 0;
    }
}
