package dev.taxbridge;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The floors of the house (docs/design.md): each package imports only the floors below it, the
 * packages form no cycle, nothing reaches the simulator, and only the route package (the steps and what
 * supports the routes, the top floor) knows Camel.
 */
@AnalyzeClasses(packages = "dev.taxbridge", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String[] RULES = {"dev.taxbridge.address..", "dev.taxbridge.mapping..",
        "dev.taxbridge.money..", "dev.taxbridge.tax.."};

    @ArchTest
    static final ArchRule floors = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("Application").definedBy("dev.taxbridge")
            .layer("Routes").definedBy("dev.taxbridge.route..")
            .layer("Operations").definedBy("dev.taxbridge.failure..", "dev.taxbridge.webhook..",
                    "dev.taxbridge.ops..", "dev.taxbridge.audit..", "dev.taxbridge.admin..",
                    "dev.taxbridge.reconciliation..")
            .layer("Commands").definedBy("dev.taxbridge.invoice..", "dev.taxbridge.lifecycle..",
                    "dev.taxbridge.customer..", "dev.taxbridge.estimate..")
            .layer("Rules").definedBy(RULES)
            .layer("Platform").definedBy("dev.taxbridge.avatax..", "dev.taxbridge.messaging..")
            .layer("Ground").definedBy("dev.taxbridge.lago..", "dev.taxbridge.error..", "dev.taxbridge.logging..",
                    "dev.taxbridge.web..")
            .layer("Simulator").definedBy("dev.taxbridge.simulator..")
            .whereLayer("Application").mayNotBeAccessedByAnyLayer()
            .whereLayer("Routes").mayNotBeAccessedByAnyLayer()
            .whereLayer("Simulator").mayNotBeAccessedByAnyLayer()
            .whereLayer("Operations").mayOnlyBeAccessedByLayers("Routes")
            .whereLayer("Commands").mayOnlyBeAccessedByLayers("Routes", "Operations")
            .whereLayer("Rules").mayOnlyBeAccessedByLayers("Routes", "Commands", "Operations")
            .whereLayer("Platform").mayOnlyBeAccessedByLayers("Routes", "Rules", "Commands", "Operations", "Simulator")
            .whereLayer("Ground").mayNotAccessAnyLayer();

    /**
     * Every connection goes to a node of spring.rabbitmq.addresses: through Spring's connection factory,
     * or BrokerConnections for one of its own. The client factory underneath knows the first node only.
     */
    @ArchTest
    static final ArchRule connectionsHonourEveryBrokerAddress = noClasses()
            .that().doNotHaveFullyQualifiedName("dev.taxbridge.messaging.BrokerConnections")
            .should().callMethodWhere(com.tngtech.archunit.core.domain.JavaCall.Predicates.target(
                    com.tngtech.archunit.core.domain.properties.HasName.Predicates.name("getRabbitConnectionFactory")))
            .orShould().dependOnClassesThat().areAssignableTo(com.rabbitmq.client.ConnectionFactory.class)
            .orShould().dependOnClassesThat()
            .haveFullyQualifiedName("org.springframework.boot.autoconfigure.amqp.RabbitProperties");

    /**
     * Inside the operations floor: the operator's tools (admin API and console, reconciliation) on top, the
     * records of what happened (audit trail, metrics) below them, then the failure path (what a parked copy
     * says), and webhook delivery's settings at the bottom, which know none of the others.
     */
    @ArchTest
    static final ArchRule operationsFloors = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("Tools").definedBy("dev.taxbridge.admin..", "dev.taxbridge.reconciliation..")
            .layer("Records").definedBy("dev.taxbridge.audit..", "dev.taxbridge.ops..")
            .layer("Failures").definedBy("dev.taxbridge.failure..")
            .layer("Webhooks").definedBy("dev.taxbridge.webhook..")
            .whereLayer("Tools").mayNotBeAccessedByAnyLayer()
            .whereLayer("Records").mayOnlyBeAccessedByLayers("Tools")
            .whereLayer("Failures").mayOnlyBeAccessedByLayers("Tools", "Records")
            .whereLayer("Webhooks").mayOnlyBeAccessedByLayers("Tools", "Records", "Failures");

    /** AvaTax is reached through its client only: nothing outside {@code avatax} speaks HTTP to it. */
    @ArchTest
    static final ArchRule onlyTheAvataxClientUsesTheHttpClient = noClasses()
            .that().resideOutsideOfPackage("dev.taxbridge.avatax..")
            .should().dependOnClassesThat().resideInAPackage("org.apache.hc..");

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("dev.taxbridge.(*)..").should().beFreeOfCycles();

    /**
     * The simulator is a source set of its own (src/simulator/java), compiled into the same jar, so the
     * compiler would let the bridge use it: this rule does not. No wiring class of the bridge names it
     * either: its beans register themselves (component scan, each on its own {@code avatax.simulator.*}
     * condition) and its settings are bound by the application's {@code @ConfigurationPropertiesScan}.
     */
    @ArchTest
    static final ArchRule theBridgeDoesNotDependOnTheSimulator = noClasses()
            .that().resideInAPackage("dev.taxbridge..").and().resideOutsideOfPackage("dev.taxbridge.simulator..")
            .should().dependOnClassesThat().resideInAPackage("dev.taxbridge.simulator..");

    /**
     * Camel is met in one package: the route steps and what supports the routes (consuming, parking,
     * deferring, publishing, draining). Everything else, the rule beans first, is plain Java that a test calls
     * without a Camel context.
     */
    @ArchTest
    static final ArchRule camelOnlyInTheRoutePackage = noClasses()
            .that().resideOutsideOfPackage("dev.taxbridge.route..")
            .should().dependOnClassesThat().resideInAPackage("org.apache.camel..");

    @ArchTest
    static final ArchRule taxRulesImportNoCamel = noClasses().that().resideInAnyPackage(RULES)
            .should().dependOnClassesThat().resideInAPackage("org.apache.camel..");
}
