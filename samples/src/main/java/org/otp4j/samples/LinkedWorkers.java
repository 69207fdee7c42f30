package org.otp4j.samples;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.otp4j.Down;
import org.otp4j.Exit;
import org.otp4j.ExitReason;
import org.otp4j.Matcher;
import org.otp4j.Node;
import org.otp4j.Pid;
import org.otp4j.ProcessContext;

/**
 * The flagship sample: a coordinator counts words with linked workers, survives a worker that
 * crashes, and is watched by an auditor through a monitor.
 *
 * <p>What it shows, in Erlang's vocabulary:
 *
 * <ul>
 *   <li>the coordinator traps exits, so a crashing linked worker arrives as an {@link Exit} message
 *       (with the exception as its reason) instead of taking the coordinator down;
 *   <li>workers are started with {@code spawnLink}, so the link exists before they run;
 *   <li>a retry of the failed chunk runs in a fresh process with a new pid;
 *   <li>the auditor (the root process) monitors the coordinator by its registered name and reports
 *       its {@link Down};
 *   <li>selective receive picks results and exits out of one mailbox in whatever order they come.
 * </ul>
 *
 * Run it with {@code mvn -q -pl samples -am -DskipTests package exec:java}.
 */
public final class LinkedWorkers {
    /** A worker's answer: the word counts of one chunk. */
    public record Counted(int chunk, Map<String, Integer> counts) {}

    /** The coordinator's final answer to the auditor. */
    record Totals(Map<String, Integer> counts) {}

    private static final List<String> TEXT = List.of(
            "the quick brown fox jumps over the lazy dog",
            "a process is cheap and a crash is just a message",
            "let it crash then restart it from a known state",
            "links carry exits and monitors carry downs");

    private LinkedWorkers() {}

    /**
     * Runs the sample on a fresh node and prints its story.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        try (Node node = Node.builder().name("sample").build()) {
            Map<String, Integer> totals = run(node, System.out::println);
            System.out.println("top words: " + top(totals, 5));
        }
    }

    /**
     * Runs the whole story on {@code node}.
     *
     * @param node where the processes run
     * @param out receives one line per event, in the order the coordinator sees them
     * @return the merged word counts of every chunk
     */
    public static Map<String, Integer> run(Node node, Consumer<String> out) {
        return node.run(self -> audit(self, out), Duration.ofSeconds(30));
    }

    /** The root process: starts the coordinator, watches it by name, and reports how it ended. */
    private static Map<String, Integer> audit(ProcessContext self, Consumer<String> out) {
        Pid auditor = self.self();
        self.spawn(p -> coordinate(p, auditor, out));
        expect(self, "ready");
        var ref = self.monitor("coordinator");
        out.accept("auditor " + auditor + " monitors 'coordinator'");
        self.send("coordinator", "go");
        Totals totals = self.receive(Matcher.type(Totals.class));
        Down down = self.receive(m -> m instanceof Down d && d.ref().equals(ref) ? d : null);
        out.accept("auditor saw '" + down.monitored() + "' go down: " + down.reason());
        return totals.counts();
    }

    private static void expect(ProcessContext self, String word) {
        self.receive(m -> m.equals(word) ? m : null);
    }

    private static void coordinate(ProcessContext self, Pid auditor, Consumer<String> out) {
        self.register("coordinator");
        self.trapExit(true);
        self.send(auditor, "ready");
        expect(self, "go");
        out.accept("coordinator " + self.self() + " traps exits and starts " + TEXT.size() + " linked workers");

        Map<Pid, Integer> working = new HashMap<>();
        for (int chunk = 0; chunk < TEXT.size(); chunk++) {
            working.put(startWorker(self, chunk, chunk == 2), chunk);
        }
        Map<String, Integer> totals = new TreeMap<>();
        while (!working.isEmpty()) {
            Object m = self.receive(msg -> msg instanceof Counted || msg instanceof Exit ? msg : null);
            if (m instanceof Counted c) {
                out.accept("chunk " + c.chunk() + " counted: " + c.counts().size() + " distinct words");
                c.counts().forEach((w, n) -> totals.merge(w, n, Integer::sum));
            } else if (m instanceof Exit(Pid from, ExitReason reason) && working.containsKey(from)) {
                int chunk = working.remove(from);
                if (reason.isNormal()) {
                    continue;
                }
                out.accept("worker " + from + " for chunk " + chunk + " crashed: " + describe(reason));
                Pid retry = startWorker(self, chunk, false);
                out.accept("chunk " + chunk + " restarted in " + retry);
                working.put(retry, chunk);
            }
        }
        out.accept("all chunks counted: "
                + totals.values().stream().mapToInt(Integer::intValue).sum() + " words");
        self.send(auditor, new Totals(Map.copyOf(totals)));
    }

    /** A linked worker that counts the words of one chunk; a faulty one crashes half-way. */
    private static Pid startWorker(ProcessContext self, int chunk, boolean faulty) {
        Pid coordinator = self.self();
        Pid worker = self.spawnLink(p -> {
            Map<String, Integer> counts = new HashMap<>();
            for (String word : TEXT.get(chunk).split(" ")) {
                if (faulty && word.equals("crash")) {
                    throw new IllegalStateException("bad input in chunk " + chunk);
                }
                counts.merge(word, 1, Integer::sum);
            }
            p.send(coordinator, new Counted(chunk, Map.copyOf(counts)));
        });
        self.send(worker, "go"); // not needed by the worker; shows that sends to it are harmless
        return worker;
    }

    private static String describe(ExitReason reason) {
        return reason instanceof ExitReason.Failure f ? f.error().toString() : reason.toString();
    }

    private static List<String> top(Map<String, Integer> totals, int n) {
        List<Map.Entry<String, Integer>> entries = new ArrayList<>(totals.entrySet());
        entries.sort(Map.Entry.<String, Integer>comparingByValue().reversed());
        return entries.stream()
                .limit(n)
                .map(e -> e.getKey() + "=" + e.getValue())
                .toList();
    }
}
