CREATE TABLE "orders" (
	"id" bigint PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"client_order_id" varchar(64) NOT NULL,
	"asset_id" varchar(32) NOT NULL,
	"side" varchar(4) NOT NULL,
	"amount" numeric NOT NULL,
	"price" numeric,
	"order_type" varchar(16) NOT NULL,
	"status" varchar(24) NOT NULL,
	"filled_amount" numeric NOT NULL,
	"average_price" numeric,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"filled_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "price_history" (
	"time" timestamp with time zone NOT NULL,
	"asset_id" varchar(32) NOT NULL,
	"price" numeric NOT NULL,
	"volume" numeric NOT NULL,
	CONSTRAINT "price_history_time_asset_id_pk" PRIMARY KEY("time","asset_id")
);
--> statement-breakpoint
CREATE TABLE "trades" (
	"id" bigint PRIMARY KEY NOT NULL,
	"asset_id" varchar(32) NOT NULL,
	"price" numeric NOT NULL,
	"quantity" numeric NOT NULL,
	"taker_side" varchar(4) NOT NULL,
	"maker_order_id" bigint NOT NULL,
	"taker_order_id" bigint NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "idx_orders_user_created" ON "orders" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "idx_orders_asset" ON "orders" USING btree ("asset_id");--> statement-breakpoint
CREATE INDEX "idx_trades_asset_at" ON "trades" USING btree ("asset_id","at");