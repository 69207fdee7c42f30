package org.otp4j.testkit;

/** Runs one exploration and prints its outcome: the fresh-JVM half of {@link ReplayInFreshJvmTest}. */
public final class ReplayMain {
    private ReplayMain() {}

    /**
     * Explores {@link ExplorerTest#LOST_UPDATE} from a base seed, or replays a line.
     *
     * @param args the base seed in hex, or a replay line
     */
    public static void main(String[] args) {
        Explorer.Builder b = Explorer.builder().name("lost-update").schedules(500);
        if (args[0].contains("|")) {
            b.replay(args[0]);
        } else {
            b.seed(Explorer.parseSeed(args[0]));
        }
        Explorer.Result r = b.build().explore(ExplorerTest.LOST_UPDATE);
        System.out.println(ReplayInFreshJvmTest.fingerprint(r));
    }
}
