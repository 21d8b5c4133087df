import { SignInCard } from "@/components/sign-in-card";
import { requestContext } from "./request-context";

// What unauthorized() shows (status 401): a signed-in page asked for without a valid session (none,
// forged, altered or expired). Signing in here shows the page that was asked for, at the same address.
export default async function Unauthorized() {
  const { locale } = await requestContext();
  return <SignInCard locale={locale} heading="login.required.heading" subheading="login.required.subheading" then="stay" />;
}
