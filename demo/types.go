package demo

// TypeNames names the numeric types of the sample, which the generator
// made up (Mollie documents only 200): the screen shows "222 Payment
// failed" where a file of real events shows 222.
var TypeNames = map[int]string{
	200: "Customer created",
	201: "Customer updated",
	210: "Mandate created",
	211: "Mandate revoked",
	220: "Payment created",
	221: "Payment paid",
	222: "Payment failed",
	223: "Payment expired",
	230: "Subscription created",
	231: "Subscription updated",
	232: "Subscription canceled",
	240: "Refund created",
	241: "Refund processed",
	250: "Chargeback received",
	260: "Payment link created",
}
