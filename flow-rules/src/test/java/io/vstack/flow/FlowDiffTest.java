package io.vstack.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vstack.flow.syntax.FlowSyntax;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FlowDiffTest {
  private static final int RUNS = 500;

  /** A random rule from a small space, so that current and target often share rules. */
  static FlowRule randomRule(final Random random) {
    final long group = random.nextInt(2);
    final long priority = random.nextInt(3);
    final int vni = 1000 + random.nextInt(4);
    final String pattern =
        random.nextBoolean()
            ? "eth / ipv4 / udp dst is 4789 / vxlan vni is " + vni
            : "eth / ipv6 / udp / geneve vni is " + vni;
    final String action =
        switch (random.nextInt(3)) {
          case 0 -> "mark id " + vni + " / queue index " + random.nextInt(2) + " / count";
          case 1 -> "drop";
          default -> "jump group 1";
        };
    return FlowSyntax.parseRule(
        "group "
            + group
            + " priority "
            + priority
            + " ingress pattern "
            + pattern
            + " / end actions "
            + action
            + " / end");
  }

  static RuleSet randomCurrent(final Random random) {
    RuleSet set = RuleSet.empty();
    for (int i = random.nextInt(10); i > 0; i--) {
      set = set.create(randomRule(random));
    }
    for (final RuleSet.Entry entry : List.copyOf(set.entries())) {
      if (random.nextInt(4) == 0) {
        set = set.destroy(entry.id());
      }
    }
    return set;
  }

  static List<FlowRule> randomTarget(final Random random, final RuleSet current) {
    final List<FlowRule> target = new ArrayList<>();
    for (final FlowRule rule : current.rules()) {
      if (random.nextInt(3) != 0) {
        target.add(rule);
      }
    }
    for (int i = random.nextInt(5); i > 0; i--) {
      target.add(random.nextInt(target.size() + 1), randomRule(random));
    }
    if (random.nextInt(4) == 0) {
      Collections.shuffle(target, random);
    }
    return target;
  }

  @Test
  void shouldReachTargetWhenApplyingSteps() {
    for (int seed = 0; seed < RUNS; seed++) {
      final Random random = new Random(seed);
      final RuleSet current = randomCurrent(random);
      final List<FlowRule> target = randomTarget(random, current);
      final List<FlowStep> steps = FlowDiff.between(current, target);
      final RuleSet reached = current.apply(steps);
      assertThat(reached.sameContent(target)).as("seed %d: steps %s", seed, steps).isTrue();
      assertThat(FlowDiff.between(reached, target))
          .as("seed %d: diff after applying", seed)
          .isEmpty();
      final int firstCreate = indexOfFirstCreate(steps);
      assertThat(steps.subList(firstCreate, steps.size()))
          .as("seed %d: destroys come first", seed)
          .allMatch(step -> step instanceof FlowStep.Create);
      assertThat(steps.stream().filter(s -> s instanceof FlowStep.Create).count())
          .as("seed %d: never creates more than the target holds", seed)
          .isLessThanOrEqualTo(target.size());
    }
  }

  @Test
  void shouldYieldNoStepsWhenTargetEqualsCurrent() {
    for (int seed = 0; seed < RUNS; seed++) {
      final RuleSet current = randomCurrent(new Random(seed));
      assertThat(FlowDiff.between(current, current.rules())).as("seed %d", seed).isEmpty();
    }
  }

  @Test
  void shouldOnlyCreateWhenTargetAppendsRules() {
    for (int seed = 0; seed < RUNS; seed++) {
      final Random random = new Random(seed);
      final RuleSet current = randomCurrent(random);
      final List<FlowRule> target = new ArrayList<>(current.rules());
      final List<FlowRule> added = List.of(randomRule(random), randomRule(random));
      target.addAll(added);
      assertThat(FlowDiff.between(current, target))
          .as("seed %d", seed)
          .containsExactly(new FlowStep.Create(added.get(0)), new FlowStep.Create(added.get(1)));
    }
  }

  @Test
  void shouldRecreateRulesWhenOrderWithinPriorityChanges() {
    final FlowRule a = FlowSyntax.parseRule("ingress pattern eth / end actions drop / end");
    final FlowRule b = FlowSyntax.parseRule("ingress pattern ipv4 / end actions drop / end");
    final FlowRule c =
        FlowSyntax.parseRule("priority 1 ingress pattern ipv6 / end actions drop / end");
    final RuleSet current = RuleSet.of(List.of(a, c, b));
    // Bucket (0,0) goes from [a, b] to [b, a]: b is kept, a re-created behind it; c (priority 1) is
    // untouched.
    assertThat(FlowDiff.between(current, List.of(c, b, a)))
        .containsExactly(new FlowStep.Destroy(0), new FlowStep.Create(a));
    assertThat(FlowDiff.between(current, List.of(b, a, c)))
        .containsExactly(new FlowStep.Destroy(0), new FlowStep.Create(a));
  }

  @Test
  void shouldConvertStepsToTestpmdCommands() {
    final FlowRule a = FlowSyntax.parseRule("ingress pattern eth / end actions drop / end");
    assertThat(FlowSyntax.print(new FlowStep.Create(a).toCommand(2)))
        .isEqualTo("flow create 2 ingress pattern eth / end actions drop / end");
    assertThat(FlowSyntax.print(new FlowStep.Destroy(7).toCommand(2)))
        .isEqualTo("flow destroy 2 rule 7");
  }

  @Test
  void shouldAllocateIdsLikeTestpmdWhenCreating() {
    final FlowRule a = FlowSyntax.parseRule("ingress pattern eth / end actions drop / end");
    final RuleSet set = RuleSet.of(List.of(a, a, a)).destroy(1);
    assertThat(set.nextId()).isEqualTo(3);
    assertThat(set.destroy(2).destroy(0).nextId()).isZero();
    assertThatThrownBy(() -> set.destroy(1)).hasMessage("no rule 1");
  }

  private static int indexOfFirstCreate(final List<FlowStep> steps) {
    for (int i = 0; i < steps.size(); i++) {
      if (steps.get(i) instanceof FlowStep.Create) {
        return i;
      }
    }
    return steps.size();
  }
}
