// A real OpenID Connect provider for the single sign-on tests, on 127.0.0.1 only.
// Usage: node provider.mjs PORT CLIENT_ID CLIENT_SECRET REDIRECT_URI POST_LOGOUT_URI
// The development log-in page of oidc-provider accepts any account name; the account's
// claims are made from the name (so a test chooses who signs in by what it types).
import Provider from "oidc-provider";

const [port, clientId, clientSecret, redirectUri, postLogoutUri] = process.argv.slice(2);
const issuer = `http://127.0.0.1:${port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: [redirectUri],
      post_logout_redirect_uris: [postLogoutUri],
      response_types: ["code"],
      grant_types: ["authorization_code"],
      token_endpoint_auth_method: "client_secret_basic",
    },
  ],
  pkce: { required: () => true },
  claims: {
    openid: ["sub"],
    email: ["email", "email_verified"],
    profile: ["name", "given_name", "family_name", "employee_id"],
  },
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  async findAccount(ctx, id) {
    const [given, family] = id.split(".");
    return {
      accountId: id,
      async claims() {
        return {
          sub: id, // oidc-provider sends the account id as sub in any case
          employee_id: `emp-${id}`,
          email: `${id}@region.example`,
          email_verified: true,
          given_name: given ? given[0].toUpperCase() + given.slice(1) : id,
          family_name: family ? family[0].toUpperCase() + family.slice(1) : "",
          name: id,
        };
      },
    };
  },
});
provider.listen(Number(port), "127.0.0.1", () => {
  console.log(`ready ${issuer}`);
});
