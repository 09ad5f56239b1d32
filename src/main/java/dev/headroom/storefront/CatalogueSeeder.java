package dev.headroom.storefront;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Random;

/**
 * Fills an empty database with a deterministic catalogue: the same {@code products} and
 * {@code seed} always give the same categories, names, prices and stock, so load tests and demos
 * can be compared run to run. Also creates the demo customers {@code shopper1@example.test} …
 * {@code shopper20@example.test}, password {@value #DEMO_PASSWORD}.
 */
final class CatalogueSeeder {
    static final String DEMO_PASSWORD = "shop-secret";
    static final int DEMO_CUSTOMERS = 20;

    /** Slug, display name and the things the category sells. */
    record CategorySeed(String slug, String name, List<String> nouns) {
    }

    static final List<CategorySeed> CATEGORIES = List.of(
            new CategorySeed("kitchen", "Kitchen", List.of("Kettle", "Skillet", "Chef Knife", "Cutting Board", "Teapot", "Mixing Bowl", "Colander", "Whisk")),
            new CategorySeed("garden", "Garden", List.of("Trowel", "Watering Can", "Planter", "Pruning Shears", "Hose Reel", "Seed Tray", "Rake", "Bird Feeder")),
            new CategorySeed("outdoor", "Outdoor", List.of("Tent", "Sleeping Bag", "Camp Stove", "Lantern", "Backpack", "Hammock", "Water Bottle", "Compass")),
            new CategorySeed("books", "Books", List.of("Novel", "Cookbook", "Field Guide", "Atlas", "Notebook", "Sketchbook", "Journal", "Poetry Collection")),
            new CategorySeed("toys", "Toys", List.of("Puzzle", "Building Set", "Kite", "Plush Bear", "Yo-Yo", "Train Set", "Board Game", "Spinning Top")),
            new CategorySeed("audio", "Audio", List.of("Headphones", "Speaker", "Turntable", "Earbuds", "Radio", "Amplifier", "Microphone", "Soundbar")),
            new CategorySeed("office", "Office", List.of("Desk Lamp", "Stapler", "Fountain Pen", "Desk Organizer", "Monitor Stand", "Paper Tray", "Letter Opener", "Whiteboard")),
            new CategorySeed("lighting", "Lighting", List.of("Floor Lamp", "Pendant Light", "String Lights", "Table Lamp", "Wall Sconce", "Night Light", "Candle Holder", "Lampshade")),
            new CategorySeed("bath", "Bath", List.of("Towel Set", "Bath Mat", "Soap Dish", "Shower Caddy", "Robe", "Toothbrush Holder", "Mirror", "Laundry Basket")),
            new CategorySeed("sports", "Sports", List.of("Yoga Mat", "Dumbbell Set", "Jump Rope", "Tennis Racket", "Football", "Cycling Gloves", "Kettlebell", "Running Belt")),
            new CategorySeed("pets", "Pets", List.of("Dog Bed", "Cat Tree", "Leash", "Food Bowl", "Chew Toy", "Pet Carrier", "Grooming Brush", "Aquarium")),
            new CategorySeed("travel", "Travel", List.of("Suitcase", "Passport Holder", "Neck Pillow", "Packing Cubes", "Travel Adapter", "Toiletry Bag", "Luggage Tag", "Duffel Bag")));

    private static final List<String> ADJECTIVES = List.of("Classic", "Compact", "Deluxe", "Everyday", "Heritage",
            "Nordic", "Rustic", "Urban", "Vintage", "Modern", "Coastal", "Alpine", "Studio", "Essential", "Premium", "Handmade");
    private static final List<String> MATERIALS = List.of("Oak", "Walnut", "Copper", "Linen", "Ceramic", "Bamboo",
            "Steel", "Slate", "Canvas", "Wool", "Cedar", "Brass", "Cotton", "Leather", "Glass", "Stone");
    private static final List<String> QUALITIES = List.of("built to last", "easy to clean", "designed in small batches",
            "tested by our team", "made from responsibly sourced materials", "backed by a two-year guarantee");

    private final Database db;
    private final int products;
    private final long seed;

    CatalogueSeeder(Database db, int products, long seed) {
        this.db = db;
        this.products = products;
        this.seed = seed;
    }

    void seedIfEmpty() {
        db.write(c -> {
            try (var st = c.createStatement(); var rs = st.executeQuery("SELECT COUNT(*) FROM shop_meta")) {
                rs.next();
                if (rs.getInt(1) > 0) {
                    return null;
                }
            }
            // Claim the seeding first: a second process seeding the same new file blocks on this
            // row and then fails with a duplicate key, which means "already seeded".
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO shop_meta (id, seed, products, secret, created_at_ms) VALUES (1, ?, ?, ?, ?)")) {
                Database.bind(ps, seed, products, Database.newSecret(), System.currentTimeMillis());
                ps.executeUpdate();
            } catch (SQLException e) {
                if (e.getErrorCode() == 23505) {
                    return null;
                }
                throw e;
            }
            Random random = new Random(seed);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO category (id, slug, name) VALUES (?, ?, ?)")) {
                for (int i = 0; i < CATEGORIES.size(); i++) {
                    Database.bind(ps, i + 1, CATEGORIES.get(i).slug(), CATEGORIES.get(i).name());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO product"
                    + " (id, category_id, name, description, price_cents, stock) VALUES (?, ?, ?, ?, ?, ?)")) {
                for (int id = 1; id <= products; id++) {
                    // Round-robin keeps every category populated even for tiny catalogues.
                    int category = (id - 1) % CATEGORIES.size();
                    CategorySeed cat = CATEGORIES.get(category);
                    String noun = cat.nouns().get(random.nextInt(cat.nouns().size()));
                    String name = ADJECTIVES.get(random.nextInt(ADJECTIVES.size())) + " "
                            + MATERIALS.get(random.nextInt(MATERIALS.size())) + " " + noun;
                    String description = "A " + name.toLowerCase(java.util.Locale.ROOT) + ", "
                            + QUALITIES.get(random.nextInt(QUALITIES.size())) + " and "
                            + QUALITIES.get(random.nextInt(QUALITIES.size())) + ".";
                    int priceCents = (random.nextInt(250) + 2) * 100 - 1;
                    int roll = random.nextInt(100);
                    int stock = roll < 8 ? 0 : roll < 18 ? 1 + random.nextInt(3) : 4 + random.nextInt(47);
                    Database.bind(ps, id, category + 1, name, description, priceCents, stock);
                    ps.addBatch();
                    if (id % 500 == 0) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO customer"
                    + " (id, email, name, password_salt, password_hash) VALUES (?, ?, ?, ?, ?)")) {
                for (int i = 1; i <= DEMO_CUSTOMERS; i++) {
                    String salt = Passwords.newSalt();
                    Database.bind(ps, i, "shopper" + i + "@example.test", "Shopper " + i, salt,
                            Passwords.hash(DEMO_PASSWORD, salt));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }
}
