import { TerraformStack } from './cdktf';
import { undeclaredReferences } from './references';

/**
 * A stack whose Terraform JSON is resolved once, when it is sealed, and reused by everything that asks for
 * it afterwards: the policy pack reads it and `cdktf synth` writes the same object. Resolving a stack's
 * tokens is most of the cost of a synth (it grows with every resource), and without this it happened once
 * for the policy pack and again for the file.
 *
 * Seal a stack only after the last step that changes it (the aspects that add or edit constructs run
 * first: see the policy aspect). A construct added after sealing fails the next `toTerraform()` rather than
 * being left out of the output silently.
 */
export class SealableStack extends TerraformStack {
  private sealedWith?: { readonly terraform: Record<string, unknown>; readonly constructs: number };

  /** True once `seal()` has run. */
  get isSealed(): boolean {
    return this.sealedWith !== undefined;
  }

  /** Resolve the stack's Terraform JSON for the last time and keep it; returns it. Calling it again is a no-op. */
  seal(): Record<string, unknown> {
    // synth adds the default backend when there is none: add it now, so the construct count below holds
    this.ensureBackendExists();
    this.sealedWith ??= { terraform: this.renderTerraform(), constructs: this.node.findAll().length };
    return this.sealedWith.terraform;
  }

  override toTerraform(): Record<string, unknown> {
    if (this.sealedWith === undefined) return this.renderTerraform();
    const now = this.node.findAll().length;
    if (now !== this.sealedWith.constructs) {
      throw new Error(
        `stack ${this.node.id} changed after its Terraform was sealed (${this.sealedWith.constructs} constructs then, ${now} now): add constructs before synth, not in an aspect that runs after the policy pack`,
      );
    }
    return this.sealedWith.terraform;
  }

  /**
   * cdktf resolves every token of the stack once more before synth, only to discover references to other
   * stacks and wire them through remote state. The platform's stacks never refer to each other (they find
   * shared resources by name), so that pass is skipped; `renderTerraform()` fails on a reference to anything
   * the stack does not declare instead.
   */
  override prepareStack(): void {
    this.ensureBackendExists();
  }

  /** The stack's Terraform JSON, resolved now; fails on a reference to a resource it does not declare. */
  protected renderTerraform(): Record<string, unknown> {
    const terraform = super.toTerraform() as Record<string, unknown>;
    const undeclared = undeclaredReferences(terraform);
    if (undeclared.length > 0) {
      throw new Error(
        `stack ${this.node.id} refers to ${undeclared.join(', ')}, which it does not declare: stacks never refer to each other's resources (use the resource's deterministic name), and a raw expression must name a resource of its own stack`,
      );
    }
    return terraform;
  }

  /** True when `construct` is a stack that can be sealed. */
  static isSealable(construct: unknown): construct is SealableStack {
    return construct instanceof SealableStack;
  }
}
