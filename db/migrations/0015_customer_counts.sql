CREATE TABLE "customer_counts" (
	"status" "customer_status" NOT NULL,
	"slot" smallint NOT NULL,
	"n" bigint NOT NULL,
	CONSTRAINT "customer_counts_status_slot_pk" PRIMARY KEY("status","slot")
);
