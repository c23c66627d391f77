package io.scatter.cli;

import io.scatter.node.ClusterTls;
import io.scatter.tls.ClusterCertificates;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code scatter certs}: a private CA and a key store per cluster member, for mutual TLS ({@code --tls DIR}). */
@Command(name = "certs", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Make a private CA, a trust store holding only its certificate, and a PKCS12 key store per "
        + "cluster member (its key and a certificate the CA signed), for --tls DIR. Each store's password is "
        + "generated into NAME.password beside it; every file is readable by its owner only.",
        "A folder that has a CA keeps it: members named later are signed by the same CA. Existing key stores "
            + "are kept."},
    footer = {"", "Examples:",
        "  scatter certs --out certs --nodes node-a,node-b",
        "  scatter node --name node-a --tls certs --host 10.0.0.5 --port 2551",
        "  scatter run --mode cluster --tls certs --seed 10.0.0.5:2551 --host 10.0.0.9 --task primes --range 0..1e9"})
final class CertsCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--out", paramLabel = "DIR", required = true,
      description = "the folder to make them in (created owner-only if missing)")
  Path out;

  @Option(names = "--nodes", paramLabel = "NAME[,NAME]", required = true, split = ",",
      description = "the nodes' names, as their --name; a key store named '" + ClusterTls.COORDINATOR
          + "' for coordinators (scatter coordinator, run, compare) is always made too")
  List<String> nodes;

  @Override
  public Integer call() {
    List<String> members = new ArrayList<>(nodes.stream().map(String::strip).toList());
    if (!members.contains(ClusterTls.COORDINATOR)) {
      members.add(ClusterTls.COORDINATOR);
    }
    ClusterCertificates.Made made;
    try {
      made = new ClusterCertificates().make(out, members);
    } catch (IllegalArgumentException e) {
      throw new UserInputException(e.getMessage());
    }
    PrintWriter print = spec.commandLine().getOut();
    print.println((made.madeCa() ? "made a new CA in " : "signed with the CA in ") + out
        + (made.made().isEmpty() ? "; nothing new to make" : "; owner-only files:"));
    List<String[]> rows = new ArrayList<>();
    if (made.madeCa()) {
      rows.add(new String[] {ClusterTls.CA, "the CA's key: signs new members; keep it here, never on the nodes"});
      rows.add(new String[] {ClusterTls.TRUST_STORE, "the CA's certificate, all a member trusts: copy it to every machine"});
    }
    for (String member : made.made()) {
      rows.add(new String[] {member, member.equals(ClusterTls.COORDINATOR)
          ? "for coordinators: scatter coordinator, run and compare --mode cluster"
          : "node " + member + "'s key and certificate"});
    }
    int width = rows.stream().mapToInt(row -> files(row[0]).length()).max().orElse(0);
    rows.forEach(row -> print.printf("  %-" + width + "s  %s%n", files(row[0]), row[1]));
    if (!made.kept().isEmpty()) {
      print.println("kept the key stores there were: " + String.join(", ", made.kept()));
    }
    String first = made.made().stream().filter(m -> !m.equals(ClusterTls.COORDINATOR)).findFirst()
        .orElse(nodes.get(0).strip());
    print.printf("next: copy %s.* and %s.* to %s's machine; there: scatter node --name %s --tls DIR ...%n",
        ClusterTls.TRUST_STORE, first, first, first);
    return ExitCodes.OK;
  }

  private static String files(String store) {
    return store + ClusterTls.STORE_SUFFIX + ", " + store + ClusterTls.PASSWORD_SUFFIX;
  }
}
