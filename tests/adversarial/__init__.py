"""Adversarial suite: hostile and broken input through the real CLI, digest and mailer (issue 8)."""
