//! Stytch's documented B2B sandbox values (placeholder).
